import { Injectable } from '@nestjs/common';
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_MAX_BYTES,
  type AbortImportDto,
  type ImportChunkDto,
  type ImportJobView,
  type ImportStatus,
  type RpcCaller,
  type StartImportDto,
} from '@app/contracts';
import { badRequest, conflict, DomainError, notFound } from '@app/platform';
import { DataSource } from 'typeorm';
import { requireAdmin } from '../common/caller-tenant';
import { ImportJobsRepository, type ImportJobRecord } from './import-jobs.repository';
import { ImportRunner } from './import-runner.service';

const MAX_MB = IMPORT_MAX_BYTES / (1024 * 1024);

/**
 * The import as billing's RPC sees it: open a job, take the file's bytes in order, start the
 * job in the background, and tell how it goes. Admins only, checked here as at the gateway.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly runner: ImportRunner,
    private readonly dataSource: DataSource,
  ) {}

  async start(caller: RpcCaller, dto: StartImportDto): Promise<{ id: string; status: ImportStatus }> {
    const tenantId = requireAdmin(caller);
    const job = await this.jobs.create({
      tenantId,
      userId: caller.userId ?? null,
      filename: dto.filename,
      contentType: dto.contentType ?? null,
      dryRun: dto.dryRun,
    });
    return { id: job.id, status: job.status };
  }

  /** Chunks come one at a time, in order (the gateway waits for each answer). */
  async chunk(caller: RpcCaller, dto: ImportChunkDto): Promise<{ id: string; bytes: number }> {
    const tenantId = requireAdmin(caller);
    const data = Buffer.from(dto.data, 'base64');
    if (data.length > IMPORT_CHUNK_BYTES)
      throw badRequest(`A chunk carries at most ${IMPORT_CHUNK_BYTES} bytes`, [
        { path: 'data', message: `at most ${IMPORT_CHUNK_BYTES} bytes once decoded` },
      ]);
    const result = await this.dataSource.transaction(async (manager) => {
      const job = await this.jobs.lock(manager, tenantId, dto.id);
      if (!job) throw notFound('Import');
      assertReceiving(job);
      if (dto.seq !== job.chunks) throw conflict(`Expected chunk ${job.chunks} of the file, got ${dto.seq}`);
      if (job.bytes + data.length > IMPORT_MAX_BYTES) return { tooLarge: true as const };
      return { bytes: await this.jobs.addChunk(manager, job.id, dto.seq, data) };
    });
    if ('tooLarge' in result) {
      await this.failReceiving(dto.id, `The file is larger than the limit of ${MAX_MB} MB`);
      throw new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${MAX_MB} MB`);
    }
    return { id: dto.id, bytes: result.bytes };
  }

  async finish(caller: RpcCaller, id: string): Promise<ImportJobView> {
    const tenantId = requireAdmin(caller);
    const claimed = await this.jobs.claim(tenantId, id);
    if (!claimed) {
      const job = await this.jobs.find(tenantId, id);
      if (!job) throw notFound('Import');
      assertReceiving(job);
      throw conflict('The import is not receiving its file');
    }
    this.runner.start(claimed);
    return toView(claimed);
  }

  /** The gateway gave up on the upload (too large, client gone): the job fails, its bytes go. */
  async abort(caller: RpcCaller, dto: AbortImportDto): Promise<ImportJobView> {
    const tenantId = requireAdmin(caller);
    const job = await this.jobs.find(tenantId, dto.id);
    if (!job) throw notFound('Import');
    if (job.status === 'running') {
      assertReceiving(job);
      await this.failReceiving(job.id, dto.reason);
    }
    return toView((await this.jobs.find(tenantId, dto.id))!);
  }

  async get(caller: RpcCaller, id: string): Promise<ImportJobView> {
    const tenantId = requireAdmin(caller);
    let job = await this.jobs.find(tenantId, id);
    if (!job) throw notFound('Import');
    if (job.status === 'running') {
      // Asked about a job nobody works on any more: say so now rather than at the next sweep.
      await this.runner.sweep();
      job = (await this.jobs.find(tenantId, id))!;
    }
    return toView(job);
  }

  private async failReceiving(id: string, message: string): Promise<void> {
    const detail = `${message}; nothing was written`;
    await this.jobs.finish(id, {
      status: 'failed',
      created: 0,
      updated: 0,
      errors: [{ row: null, column: null, message }],
      errorCount: 1,
      message: detail,
    });
    await this.jobs.dropStaged(id);
  }
}

function assertReceiving(job: ImportJobRecord): void {
  if (job.status !== 'running') throw conflict(`The import has already ${job.status}`);
  if (job.phase !== 'receiving') throw conflict('The import has its whole file already');
}

export function toView(job: ImportJobRecord): ImportJobView {
  return {
    id: job.id,
    status: job.status,
    phase: job.phase,
    dryRun: job.dryRun,
    filename: job.filename,
    format: job.format,
    total: job.total,
    processed: job.processed,
    created: job.created,
    updated: job.updated,
    errors: job.errors,
    errorCount: job.errorCount,
    message: job.message,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  };
}
