import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { RpcCaller } from '@app/contracts';

/** The authenticated caller (tenant, user, role), set on the request by the global auth guard. */
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): RpcCaller =>
    context.switchToHttp().getRequest<{ caller: RpcCaller }>().caller,
);

export const ADMIN_ONLY = 'auth:adminOnly';
/** Only admins may call this route; members get 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export const PUBLIC_ROUTE = 'auth:public';
/** No token needed (sign-up, login, health, docs, public links). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
