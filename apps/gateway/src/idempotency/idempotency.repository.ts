import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

export interface KeyRequest {
  scope: string;
  key: string;
  tenantId: string | null;
  method: string;
  path: string;
  hash: string;
}

/** Keys live 24 h (API.md); a key still "in progress" after this long belongs to a dead request. */
const RETENTION = `interval '24 hours'`;
const ABANDONED = `interval '5 minutes'`;
const PURGE_EVERY_MS = 60 * 60 * 1000;

interface KeyRow {
  request_hash: string;
  state: 'in_progress' | 'done';
  status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
}

@Injectable()
export class IdempotencyRepository implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Inserts the key in state "in progress" before the request runs: the primary key lets exactly
   * one of several concurrent requests with the key win; the others see its row.
   */
  async claim(request: KeyRequest): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.dataSource.query(
        `DELETE FROM "gateway".idempotency_keys WHERE scope = $1 AND key = $2
           AND (created_at < now() - ${RETENTION} OR (state = 'in_progress' AND created_at < now() - ${ABANDONED}))`,
        [request.scope, request.key],
      );
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO "gateway".idempotency_keys (scope, key, tenant_id, method, path, request_hash, state)
         VALUES ($1, $2, $3, $4, $5, $6, 'in_progress') ON CONFLICT DO NOTHING RETURNING key`,
        [request.scope, request.key, request.tenantId, request.method, request.path, request.hash],
      );
      if (inserted.length) return { kind: 'claimed' };
      const rows: KeyRow[] = await this.dataSource.query(
        `SELECT request_hash, state, status, response_body, response_headers
           FROM "gateway".idempotency_keys WHERE scope = $1 AND key = $2`,
        [request.scope, request.key],
      );
      const row = rows[0];
      if (!row) continue; // released between our insert and select: try again
      if (row.request_hash !== request.hash) return { kind: 'mismatch' };
      if (row.state === 'in_progress') return { kind: 'in-progress' };
      return {
        kind: 'replay',
        answer: { status: row.status ?? 200, body: row.response_body, headers: row.response_headers ?? {} },
      };
    }
    return { kind: 'in-progress' };
  }

  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.dataSource.query(
      `UPDATE "gateway".idempotency_keys
          SET state = 'done', status = $3, response_body = $4::json, response_headers = $5::json
        WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify(answer.body ?? null), JSON.stringify(answer.headers)],
    );
  }

  /** Forgets a key whose request failed, so the client may retry it with the same key. */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM "gateway".idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`,
      [scope, key],
    );
  }

  async purge(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM "gateway".idempotency_keys WHERE created_at < now() - ${RETENTION}`,
      );
    } catch (error) {
      this.logger.warn(`could not purge expired keys: ${(error as Error).message}`);
    }
  }
}
