import type { HttpClient } from '../../bench/lib/http';
import type { SmtpSink } from '../../bench/lib/smtp-sink';
import type { Stack } from '../../bench/lib/stack';

export interface BarCheck {
  text: string;
  pass: boolean;
}

export interface DrillResult {
  status: 'passed' | 'failed' | 'skipped';
  /** What was sent, committed, delivered, duplicated and lost (one figure per line). */
  figures: Array<[string, string | number]>;
  bars: BarCheck[];
  notes: string[];
}

export interface DrillContext {
  stack: Stack;
  http: HttpClient;
  /** Contacts created per drill (QUALITY.md: 500). */
  count: number;
  outageSeconds: number;
  /** The SMTP server the stack sends to, when this process started the stack (`--start`). */
  smtp?: SmtpSink;
  log(message: string): void;
}

export interface Drill {
  name: string;
  summary: string;
  run(context: DrillContext): Promise<DrillResult>;
}

export function skipped(reason: string, notes: string[] = []): DrillResult {
  return { status: 'skipped', figures: [], bars: [], notes: [`skipped: ${reason}`, ...notes] };
}

export function judged(figures: DrillResult['figures'], bars: BarCheck[], notes: string[] = []): DrillResult {
  return { status: bars.every((b) => b.pass) ? 'passed' : 'failed', figures, bars, notes };
}
