export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: Date;
}

export const toUserView = (row: UserRow): UserView => ({
  id: row.id,
  tenantId: row.tenant_id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
});

/** PostgreSQL's unique_violation: the email is taken. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
