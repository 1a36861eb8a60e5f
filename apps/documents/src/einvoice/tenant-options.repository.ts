import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DocumentsOptionsView } from '@app/contracts';

/** Per-tenant options of this service; a missing row means the defaults (nothing extra attached). */
@Injectable()
export class TenantOptionsRepository {
  async get(manager: EntityManager, tenantId: string): Promise<DocumentsOptionsView> {
    const rows = await manager.query<DocumentsOptionsView[]>(
      `SELECT attach_ubl AS "attachUbl" FROM "documents".tenant_options WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0] ?? { attachUbl: false };
  }

  async update(
    manager: EntityManager,
    tenantId: string,
    options: DocumentsOptionsView,
    now: Date,
  ): Promise<DocumentsOptionsView> {
    await manager.query(
      `INSERT INTO "documents".tenant_options (tenant_id, attach_ubl, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET attach_ubl = EXCLUDED.attach_ubl, updated_at = EXCLUDED.updated_at`,
      [tenantId, options.attachUbl, now],
    );
    return { attachUbl: options.attachUbl };
  }
}
