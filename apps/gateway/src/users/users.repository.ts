import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRow } from './user';

const COLUMNS = 'id, tenant_id, email, password_hash, role, created_at';

export interface NewUser {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string;
  role: UserRow['role'];
  createdAt: string;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws PostgreSQL's unique violation when the email is taken, in any letter case. */
  async insert(user: NewUser, manager: EntityManager = this.dataSource.manager): Promise<UserRow> {
    const rows: UserRow[] = await manager.query(
      `INSERT INTO "gateway".users (id, tenant_id, email, password_hash, role, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [user.id, user.tenantId, user.email, user.passwordHash, user.role, user.createdAt],
    );
    return rows[0];
  }

  async findByEmail(email: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "gateway".users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0] ?? null;
  }

  async findInTenant(tenantId: string, id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "gateway".users WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** One page in creation order; `after` is the last (created_at, id) of the previous page. */
  async page(
    tenantId: string,
    limit: number,
    after: { createdAt: string; id: string } | null,
  ): Promise<UserRow[]> {
    return this.dataSource.query(
      after
        ? `SELECT ${COLUMNS} FROM "gateway".users WHERE tenant_id = $1 AND (created_at, id) > ($3::timestamptz, $4::uuid)
           ORDER BY created_at, id LIMIT $2`
        : `SELECT ${COLUMNS} FROM "gateway".users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT $2`,
      after ? [tenantId, limit, after.createdAt, after.id] : [tenantId, limit],
    );
  }
}
