import type { Stack } from '../lib/stack';

/** One measurement of one side (product or ceiling) in one round. */
export interface Measurement {
  value: number;
  unit: string;
  p50Ms: number;
  p99Ms: number;
  /** Operations that failed; a failing product is reported, never hidden. */
  failed?: number;
  firstError?: string;
  /** CPU ms per successful operation, by process, where the case can measure it. */
  cpuMsPerOp?: Record<string, number>;
}

export interface Bar {
  text: string;
  pass: boolean;
}

/** The medians a variant ends up with, given to its bar. */
export interface VariantSummary {
  value: number;
  ceiling: number | null;
  ratio: number | null;
  p50Ms: number;
  p99Ms: number;
  ceilingP50Ms: number | null;
  ceilingP99Ms: number | null;
}

/** One row of the report: the product and (usually) its ceiling under the same parameters. */
export interface Variant {
  params: Record<string, string | number | boolean>;
  /** 'higher' for throughputs (ratio = product / ceiling), 'lower' for times (ratio = ceiling / product). */
  better: 'higher' | 'lower';
  product(): Promise<Measurement>;
  ceiling?(): Promise<Measurement>;
  bar?(summary: VariantSummary): Bar | undefined;
  /** How one round is sized, for the notes, when not by --seconds (e.g. "600 issues at 20/s"). */
  roundNote?: string;
  /** Runs after every round of this variant (checks such as "numbers are 1..N"); returns notes. */
  check?(): Promise<string[]>;
}

export interface PreparedCase {
  variants: Variant[];
  notes?: string[];
  dispose(): Promise<void>;
}

export interface BenchContext {
  /** The product stack (started by the runner or given with --url); null for cases without one. */
  stack: Stack | null;
  /** Database for the ceilings' own schemas. */
  benchDatabaseUrl: string;
  /** Broker (virtual host) for the ceilings' queues. */
  benchRabbitmqUrl: string;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** --ceiling-only: measure the ceilings alone (no stack; the product is not measured). */
  ceilingOnly: boolean;
  /**
   * --smtp-port: with --url, the port the running stack's SMTP_URL points at on 127.0.0.1 (cases
   * that count emails listen there); without it they pick a free port and give it to the stack.
   */
  smtpPort?: number;
  log(message: string): void;
}

/**
 * A benchmark case: one file under bench/cases exporting `benchCase`. The runner measures each
 * variant's product and ceiling back to back, alternating which goes first, for several rounds,
 * and reports medians.
 */
export interface BenchCase {
  name: string;
  summary: string;
  usesStack: boolean;
  /**
   * Called before the runner starts the stack: environment the services need for this case (e.g.
   * SMTP_URL of an in-process SMTP server). Not called with --url.
   */
  stackEnv?(context: BenchContext): Promise<Record<string, string>>;
  prepare(context: BenchContext): Promise<PreparedCase>;
}
