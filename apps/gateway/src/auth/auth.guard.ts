import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, requestContext } from '@app/platform';
import type { GatewayRequest } from '../http/http.types';
import { ADMIN_ONLY, PUBLIC_ROUTE } from './caller.decorator';
import { bearerToken, invalidToken, TokenService } from './token.service';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public; @AdminOnly routes
 * also need the admin role. The caller it finds is what every RPC is sent on behalf of.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw invalidToken('This call needs an Authorization: Bearer <accessToken> header');
    const caller = this.tokens.verify(token);
    req.caller = caller;
    const current = requestContext.current();
    if (current) {
      current.tenantId = caller.tenantId;
      current.userId = caller.userId;
    }
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && caller.role !== 'admin')
      throw forbidden('Only admins may do this');
    return true;
  }
}
