import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Page, RpcCaller } from '@app/contracts';
import { badRequest, Clock, conflict, DomainError } from '@app/platform';
import { TenantsRepository } from '../tenancy/tenants.repository';
import type { Tenant } from '../tenancy/tenant';
import type { CreateUserDto, ListUsersQuery } from './users.dto';
import { PasswordHasher } from './password-hasher';
import { isUniqueViolation, toUserView, type UserView } from './user';
import { UsersRepository } from './users.repository';

const DEFAULT_LIMIT = 50;

function encodeCursor(user: UserView): string {
  return Buffer.from(JSON.stringify([user.createdAt, user.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string')
      if (/^[0-9a-f-]{36}$/i.test(id)) return { createdAt, id };
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid', [{ path: 'cursor', message: 'is not a cursor this API gave' }]);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tenants: TenantsRepository,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(caller: RpcCaller, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const row = await this.users.insert({
        id: randomUUID(),
        tenantId: caller.tenantId,
        email: dto.email.trim(),
        passwordHash,
        role: dto.role,
        createdAt: this.clock.now().toISOString(),
      });
      return toUserView(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('An account with this email already exists');
      throw error;
    }
  }

  async list(caller: RpcCaller, query: ListUsersQuery): Promise<Page<UserView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.users.page(caller.tenantId, limit + 1, after);
    const items = rows.slice(0, limit).map(toUserView);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  /** The caller's user and tenant; a token for a user that no longer exists is refused. */
  async me(caller: RpcCaller): Promise<{ user: UserView; tenant: Tenant }> {
    const [row, tenant] = await Promise.all([
      this.users.findInTenant(caller.tenantId, caller.userId ?? ''),
      this.tenants.findById(caller.tenantId),
    ]);
    if (!row || !tenant) throw new DomainError('UNAUTHORIZED', 'The user of this token no longer exists');
    return { user: toUserView(row), tenant };
  }
}
