import type { RpcCaller } from '@app/contracts';
import { DomainError } from '@app/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant every query of this call is scoped to. The gateway always sends one; a message
 * without it is refused rather than answered from no tenant (or, worse, from all of them).
 */
export function tenantIdOf(caller: RpcCaller): string {
  if (!UUID.test(caller.tenantId)) throw new DomainError('UNAUTHORIZED', 'The request names no tenant');
  return caller.tenantId;
}
