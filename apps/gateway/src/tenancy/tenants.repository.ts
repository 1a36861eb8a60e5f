import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Tenant, type TenantRow, toTenant } from './tenant';

@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, tenant: Tenant): Promise<Tenant> {
    const rows: TenantRow[] = await manager.query(
      `INSERT INTO "gateway".tenants (id, name, country, created_at) VALUES ($1, $2, $3, $4)
       RETURNING id, name, country, created_at`,
      [tenant.id, tenant.name, tenant.country, tenant.createdAt],
    );
    return toTenant(rows[0]);
  }

  async findById(id: string): Promise<Tenant | null> {
    const rows: TenantRow[] = await this.dataSource.query(
      `SELECT id, name, country, created_at FROM "gateway".tenants WHERE id = $1`,
      [id],
    );
    return rows[0] ? toTenant(rows[0]) : null;
  }
}
