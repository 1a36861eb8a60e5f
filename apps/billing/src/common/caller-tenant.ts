import type { RpcCaller } from '@app/contracts';
import { DomainError, forbidden } from '@app/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant every query is filtered by; a request without one never reaches the database. */
export function tenantOf(caller: RpcCaller): string {
  if (!caller?.tenantId || !UUID.test(caller.tenantId))
    throw new DomainError('UNAUTHORIZED', 'This request carries no tenant');
  return caller.tenantId;
}

/** Checked here as well as at the gateway, so a mistake in one place is not a hole. */
export function requireAdmin(caller: RpcCaller): string {
  const tenantId = tenantOf(caller);
  if (caller.role !== 'admin') throw forbidden('Only an admin may do this');
  return tenantId;
}
