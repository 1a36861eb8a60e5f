/** A seller company: every record in the system belongs to exactly one tenant. */
export interface Tenant {
  id: string;
  name: string;
  country: string;
  createdAt: string;
}

export interface TenantRow {
  id: string;
  name: string;
  country: string;
  created_at: Date;
}

export const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  country: row.country,
  createdAt: row.created_at.toISOString(),
});
