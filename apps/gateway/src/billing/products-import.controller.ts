import { Controller, Get, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_MAX_BYTES,
  ImportProductsQuery,
  type ImportJobView,
  type RpcCaller,
} from '@app/contracts';
import { DomainError, RpcClient } from '@app/platform';
import { AdminOnly, CurrentCaller } from '../auth/caller.decorator';
import type { GatewayRequest, GatewayResponse } from '../http/http.types';
import { UuidParam } from '../http/uuid-param.decorator';
import { PROBLEM_CONTENT_TYPE, problemType } from '../problem/problem';
import { drainAfterAnswer, receiveFile, tooLarge } from './products-import.upload';

/** Room for the multipart envelope around the file when judging Content-Length up front. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** How long `?wait=true` waits for the job before answering 202 with it still running. */
const WAIT_MS = 120_000;
const POLL_MS = 200;

/**
 * `POST /products/import` streams the uploaded file to billing in chunks over RPC (there is no
 * shared disk); billing checks and writes it in the background. `GET /products/imports/{id}`
 * follows the job. Admins only.
 */
@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductsImportController {
  private readonly logger = new Logger('ProductsImport');

  constructor(private readonly rpc: RpcClient) {}

  @Post('import')
  @AdminOnly()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: `CSV (comma or semicolon, UTF-8) or XLSX, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB`,
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  async upload(
    @CurrentCaller() caller: RpcCaller,
    @Query() query: ImportProductsQuery,
    @Req() req: GatewayRequest,
    @Res() res: GatewayResponse,
  ): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > IMPORT_MAX_BYTES + MULTIPART_OVERHEAD) {
      // Said before a byte is read; what the client still sends is dropped, not stored.
      drainAfterAnswer(req);
      throw tooLarge(IMPORT_MAX_BYTES);
    }
    let id: string | undefined;
    let seq = 0;
    try {
      await receiveFile(
        req,
        { field: 'file', maxBytes: IMPORT_MAX_BYTES, chunkBytes: IMPORT_CHUNK_BYTES },
        {
          open: async ({ filename, mimeType }) => {
            const started = await this.rpc.send(
              'billing.imports.start',
              {
                filename: filename.slice(0, 255),
                contentType: mimeType.slice(0, 255),
                dryRun: !!query.dryRun,
              },
              caller,
            );
            id = started.id;
          },
          write: async (piece) => {
            await this.rpc.send(
              'billing.imports.chunk',
              { id: id!, seq: seq++, data: piece.toString('base64') },
              caller,
            );
          },
        },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'PAYLOAD_TOO_LARGE') drainAfterAnswer(req);
      if (id) this.abandon(caller, id, error);
      throw error;
    }
    if (!id) throw tooLarge(IMPORT_MAX_BYTES); // unreachable: receiveFile opened the job
    const started = await this.rpc.send('billing.imports.finish', { id }, caller);
    res.setHeader('Location', `/api/v1/products/imports/${id}`);
    const job = query.wait ? await this.waitFor(caller, id) : started;
    if (job.status === 'running') return send(res, 202, { id: job.id, status: job.status });
    if (job.status === 'succeeded') return send(res, 200, job);
    // A failed import wrote nothing: 422 as problem+json, carrying the job and its report.
    send(res, 422, {
      type: problemType(422),
      title: 'Unprocessable Entity',
      status: 422,
      detail: job.message ?? 'The import failed; nothing was written',
      errors: job.errors.map((e) => ({
        path: e.row === null ? (e.column ?? 'file') : `row ${e.row}${e.column ? `, ${e.column}` : ''}`,
        ...e,
      })),
      job,
    });
  }

  @Get('imports/:id')
  @AdminOnly()
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<ImportJobView> {
    return this.rpc.send('billing.imports.get', { id }, caller);
  }

  private async waitFor(caller: RpcCaller, id: string): Promise<ImportJobView> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const job = await this.rpc.send('billing.imports.get', { id }, caller);
      if (job.status !== 'running' || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The upload did not complete: billing fails the job and drops what it staged. */
  private abandon(caller: RpcCaller, id: string, error: unknown): void {
    const reason = error instanceof DomainError ? error.message : 'The upload did not complete';
    this.rpc.send('billing.imports.abort', { id, reason: reason.slice(0, 500) }, caller).catch((e: Error) => {
      this.logger.warn(`import ${id} not aborted (${e.message}); billing fails it once stale`);
    });
  }
}

function send(res: GatewayResponse, status: number, body: object): void {
  res
    .status(status)
    .type(status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json')
    .send(JSON.stringify(body));
}
