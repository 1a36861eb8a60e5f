import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Readable } from 'node:stream';
import { IMPORT_MAX_LISTED_ERRORS, type ImportProblem } from '@app/contracts';
import { Clock, Outbox } from '@app/platform';
import { uniqueViolation } from '../common/postgres-errors';
import { SettingsService } from '../settings/settings.service';
import { FIELD_LABEL, mapColumns, type ColumnMap } from './import-columns';
import { ImportJobsRepository, type ImportJobRecord, type ImportOutcome } from './import-jobs.repository';
import { ImportProblems, problemSummary } from './import-problems';
import { checkRow, isBlankRow, type ImportRules, type StagedRow } from './import-row';
import { ImportRowsRepository } from './import-rows.repository';
import { csvRows } from './csv-rows.reader';
import { detectFormat, ImportFileError, type SheetReader, type SheetRow } from './sheet-rows';
import { xlsxRows } from './xlsx-rows.reader';

/** Rows staged per multi-row insert, and how often progress is written. */
const BATCH_ROWS = 2000;
const HEARTBEAT_MS = 5000;
const SWEEP_MS = 30_000;
/** Beyond what a catalogue needs; also bounds the work a compressed XLSX (a zip bomb) can cause. */
const MAX_ROWS = 1_000_000;
/** A running job untouched this long was abandoned by an instance (or an upload) that died. */
export const IMPORT_STALE_SECONDS = 60;

class ImportAborted extends Error {}

/**
 * Runs import jobs in the background, off the RPC handler: two streamed passes over the staged
 * file (count the rows, then check and stage them), then the checks across rows and the write,
 * in one transaction with the outbox event. While a job runs its heartbeat is kept fresh; every
 * instance fails the jobs whose heartbeat went stale.
 */
@Injectable()
export class ImportRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Import');
  private readonly running = new Map<string, { done: Promise<void>; abort: AbortController }>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly rows: ImportRowsRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const heartbeat = setInterval(() => {
      this.jobs.heartbeat([...this.running.keys()]).catch((error: Error) => {
        this.logger.warn(`import heartbeat failed: ${error.message}`);
      });
    }, HEARTBEAT_MS);
    const sweep = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timers = [heartbeat, sweep];
    for (const timer of this.timers) timer.unref();
  }

  /** Stops the jobs in hand: each records itself failed (nothing written) unless it already committed. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const job of this.running.values()) job.abort.abort();
    await Promise.race([
      Promise.allSettled([...this.running.values()].map((job) => job.done)),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }

  async sweep(): Promise<void> {
    try {
      const failed = await this.jobs.failAbandoned(IMPORT_STALE_SECONDS);
      if (failed.length)
        this.logger.warn(`failed ${failed.length} abandoned import(s): ${failed.join(', ')}`);
    } catch (error) {
      this.logger.warn(`import sweep failed: ${(error as Error).message}`);
    }
  }

  /** Starts a claimed job and returns at once. */
  start(job: ImportJobRecord): void {
    const abort = new AbortController();
    const done = this.run(job, abort.signal).finally(() => this.running.delete(job.id));
    this.running.set(job.id, { done, abort });
  }

  /** Resolves when the job (if it runs here) has finished; for tests and shutdown. */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.done;
  }

  private async run(job: ImportJobRecord, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    let outcome: ImportOutcome;
    try {
      outcome = await this.process(job, signal);
    } catch (error) {
      outcome = this.failure(job, error);
    }
    try {
      // A successful write already recorded its outcome in its own transaction.
      if (outcome.status === 'failed' || job.dryRun) await this.jobs.finish(job.id, outcome);
    } catch (error) {
      this.logger.error(`import ${job.id}: could not record its outcome`, error as Error);
    } finally {
      await this.jobs.dropStaged(job.id).catch((error: Error) => {
        this.logger.warn(`import ${job.id}: staged data not dropped (${error.message}); the sweep retries`);
      });
    }
    this.logger.log(
      `import ${job.id} ${outcome.status} in ${Date.now() - started} ms: ${outcome.created} created, ${outcome.updated} updated, ${outcome.errorCount} problems`,
    );
  }

  private failure(job: ImportJobRecord, error: unknown): ImportOutcome {
    const failed = (message: string, errors: ImportProblem[] = [{ row: null, column: null, message }]) => ({
      status: 'failed' as const,
      created: 0,
      updated: 0,
      errors,
      errorCount: errors.length,
      message,
    });
    if (error instanceof ImportFileError)
      return failed(`${error.message}; nothing was written`, [
        { row: error.row, column: null, message: error.message },
      ]);
    if (error instanceof ImportAborted)
      return failed('The service stopped while importing; nothing was written. Import the file again.');
    if (uniqueViolation(error) !== undefined)
      return failed(
        'The catalogue changed while the import was being written (another product took a name or code of the file); nothing was written. Import the file again.',
      );
    this.logger.error(`import ${job.id} failed`, error as Error);
    return failed('The import failed on our side; nothing was written. Import the file again.');
  }

  private async process(job: ImportJobRecord, signal: AbortSignal): Promise<ImportOutcome> {
    if (job.chunks === 0) throw new ImportFileError('The file is empty');
    const head = await this.jobs.readChunk(job.id, 0);
    const format = detectFormat(head ?? Buffer.alloc(0));
    const read: SheetReader = format === 'csv' ? csvRows : xlsxRows;

    await this.jobs.progress(job.id, { phase: 'counting', format });
    const total = await this.count(job, read, signal);
    await this.jobs.progress(job.id, { phase: 'validating', total, processed: 0 });

    const settings = await this.settings.get(job.tenantId);
    const rules: ImportRules = {
      units: settings.units,
      currencies: settings.currencies,
      vatRates: settings.vatRates,
    };
    const problems = new ImportProblems(IMPORT_MAX_LISTED_ERRORS);
    const { columns, processed } = await this.checkAndStage(job, read, rules, problems, signal);
    if (!columns) return this.report(problems.merge([]));
    // The count was a first look; the rows actually checked are the total.
    await this.jobs.progress(job.id, { phase: 'writing', total: processed, processed });

    return this.rows.transaction(async (manager) => {
      // One import per tenant writes at a time; matches are found under the lock.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`billing.import:${job.tenantId}`]);
      await this.rows.resolveTargets(manager, job.id, job.tenantId);
      const across = await this.rows.crossRowProblems(manager, job.id, job.tenantId);
      const report = problems.merge(
        across.map((p) => ({
          row: p.row,
          column: columns.header[p.field] ?? FIELD_LABEL[p.field],
          message: p.message,
        })),
      );
      if (report.errorCount) return this.report(report);
      if (job.dryRun) {
        const plan = await this.rows.plan(manager, job.id);
        return {
          status: 'succeeded',
          ...plan,
          errors: [],
          errorCount: 0,
          message: `Dry run: the file is valid; it would create ${plan.created} and update ${plan.updated} product(s). Nothing was written.`,
        };
      }
      if (signal.aborted) throw new ImportAborted();
      const counts = await this.rows.apply(manager, job.id, job.tenantId, this.clock.now());
      await this.outbox.add(manager, job.tenantId, 'billing.products.imported', {
        importId: job.id,
        ...counts,
      });
      const outcome: ImportOutcome = {
        status: 'succeeded',
        ...counts,
        errors: [],
        errorCount: 0,
        message: `Imported: ${counts.created} product(s) created, ${counts.updated} updated.`,
      };
      // Recorded with the write: a job that was meanwhile declared abandoned (failed) must not write.
      if (!(await this.jobs.finish(job.id, outcome, manager)))
        throw new Error('the job was declared abandoned before it could commit');
      return outcome;
    });
  }

  private report(report: { errors: ImportOutcome['errors']; errorCount: number }): ImportOutcome {
    return {
      status: 'failed',
      created: 0,
      updated: 0,
      ...report,
      message: problemSummary(report.errorCount, report.errors.length),
    };
  }

  /** First pass: data rows in the file, so progress reads "processed of total". */
  private async count(job: ImportJobRecord, read: SheetReader, signal: AbortSignal): Promise<number> {
    let seenHeader = false;
    let total = 0;
    try {
      for await (const row of this.sheet(job, read, signal)) {
        if (isBlankRow(row.cells)) continue;
        if (seenHeader) total++;
        else seenHeader = true;
        if (total > MAX_ROWS) break;
      }
    } catch (error) {
      // The second pass reports a broken file at the row where it breaks.
      if (!(error instanceof ImportFileError)) throw error;
    }
    if (total > MAX_ROWS)
      throw new ImportFileError(`The file has more than ${MAX_ROWS.toLocaleString('en')} products: split it`);
    return total;
  }

  /** Second pass: every row checked on its own and staged for the checks across rows. */
  private async checkAndStage(
    job: ImportJobRecord,
    read: SheetReader,
    rules: ImportRules,
    problems: ImportProblems,
    signal: AbortSignal,
  ): Promise<{ columns: ColumnMap | null; processed: number }> {
    let columns: ColumnMap | null = null;
    let batch: StagedRow[] = [];
    let processed = 0;
    const flush = async () => {
      await this.rows.stage(job.id, batch);
      batch = [];
      await this.jobs.progress(job.id, { processed });
    };
    for await (const row of this.sheet(job, read, signal)) {
      if (isBlankRow(row.cells)) continue;
      if (!columns) {
        const mapped = mapColumns(row.cells, row.rowNo);
        if (mapped.problems.length) {
          // Without its columns no row can be read: the header's problems are the report.
          problems.addAll(mapped.problems);
          return { columns: null, processed };
        }
        columns = mapped.columns;
        continue;
      }
      const checked = checkRow(row.rowNo, row.cells, columns, rules);
      problems.addAll(checked.problems);
      batch.push(checked.row);
      processed++;
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (!columns) {
      problems.add({ row: null, column: null, message: 'The file is empty: no header row and no products' });
      return { columns: null, processed };
    }
    if (processed === 0) {
      problems.add({ row: null, column: null, message: 'The file has a header row but no products' });
      return { columns: null, processed };
    }
    await flush();
    return { columns, processed };
  }

  /** The rows of the staged file, read chunk by chunk from the database (never the whole file). */
  private async *sheet(
    job: ImportJobRecord,
    read: SheetReader,
    signal: AbortSignal,
  ): AsyncGenerator<SheetRow> {
    const jobs = this.jobs;
    const source = Readable.from(
      (async function* () {
        for (let seq = 0; seq < job.chunks; seq++) {
          if (signal.aborted) throw new ImportAborted();
          const data = await jobs.readChunk(job.id, seq);
          if (!data) throw new Error(`chunk ${seq} of import ${job.id} is missing`);
          yield data;
        }
      })(),
      { objectMode: false },
    );
    // A failure to read the staged bytes is ours, not the file's: report it as such.
    let sourceError: unknown;
    source.once('error', (error) => (sourceError = error));
    try {
      for await (const row of read(source)) {
        if (signal.aborted) throw new ImportAborted();
        yield row;
      }
    } catch (error) {
      throw sourceError ?? error;
    } finally {
      source.destroy();
    }
  }
}
