import { Transform } from 'class-transformer';
import {
  IsBase64,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * Bulk product import (CSV or XLSX). The gateway streams the upload and forwards the raw bytes to
 * billing in chunks (`start`, `chunk` × n, `finish`); billing stages them, then parses, validates
 * and writes them in the background. `GET /products/imports/{id}` follows the job.
 */

/** Largest file accepted (bytes); more answers 413. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Largest chunk of file bytes one `billing.imports.chunk` carries (before base64). */
export const IMPORT_CHUNK_BYTES = 512 * 1024;
/** At most this many problems are listed; `errorCount` says how many were found. */
export const IMPORT_MAX_LISTED_ERRORS = 1000;

export const IMPORT_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Where a running job is: receiving the file, counting its rows, checking them, writing. */
export const IMPORT_PHASES = ['receiving', 'queued', 'counting', 'validating', 'writing', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** One problem of the file: its row as a spreadsheet shows it (null: the whole file), the column header. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportJobView {
  id: string;
  status: ImportStatus;
  phase: ImportPhase;
  dryRun: boolean;
  filename: string;
  format: 'csv' | 'xlsx' | null;
  /** Data rows in the file (null until counted). */
  total: number | null;
  /** Data rows read and checked so far. */
  processed: number;
  /** Products created and updated (a dry run: that would be). */
  created: number;
  updated: number;
  /** Every problem found, up to IMPORT_MAX_LISTED_ERRORS of them, by row. */
  errors: ImportProblem[];
  /** How many problems were found in all. */
  errorCount: number;
  /** A one-line summary of the outcome, once there is one. */
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Query of `POST /products/import`: query strings carry booleans as text. */
const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ImportProductsQuery {
  /** Validate only: report what would be created and updated, write nothing. */
  @IsOptional() @QueryBoolean() @IsBoolean() dryRun?: boolean;
  /** Answer with the finished job (200, or 422 when it failed) instead of 202 at once. */
  @IsOptional() @QueryBoolean() @IsBoolean() wait?: boolean;
}

export class StartImportDto {
  @IsString() @IsNotEmpty() @MaxLength(255) filename!: string;
  @IsOptional() @IsString() @MaxLength(255) contentType?: string;
  @IsBoolean() dryRun!: boolean;
}

export class ImportChunkDto {
  @IsUUID() id!: string;
  @IsInt() @Min(0) seq!: number;
  /** Raw file bytes, base64; at most IMPORT_CHUNK_BYTES once decoded. */
  @IsBase64() @MaxLength(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4) data!: string;
}

export class ImportJobIdDto {
  @IsUUID() id!: string;
}

export class AbortImportDto {
  @IsUUID() id!: string;
  @IsString() @MaxLength(500) reason!: string;
}

export const BILLING_IMPORT_RPC = {
  start: 'billing.imports.start',
  chunk: 'billing.imports.chunk',
  finish: 'billing.imports.finish',
  abort: 'billing.imports.abort',
  get: 'billing.imports.get',
} as const;

export interface BillingImportRpcMap {
  'billing.imports.start': { request: StartImportDto; response: { id: string; status: ImportStatus } };
  'billing.imports.chunk': { request: ImportChunkDto; response: { id: string; bytes: number } };
  'billing.imports.finish': { request: ImportJobIdDto; response: ImportJobView };
  'billing.imports.abort': { request: AbortImportDto; response: ImportJobView };
  'billing.imports.get': { request: ImportJobIdDto; response: ImportJobView };
}
