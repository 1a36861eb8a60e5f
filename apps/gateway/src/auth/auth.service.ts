import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock, conflict, DomainError, Outbox } from '@app/platform';
import { TenantsRepository } from '../tenancy/tenants.repository';
import type { Tenant } from '../tenancy/tenant';
import { isUniqueViolation, toUserView, type UserView } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import type { LoginDto, SignUpDto } from './auth.dto';
import { PasswordHasher } from '../users/password-hasher';
import { type AccessToken, TokenService } from './token.service';

export const emailTaken = () => conflict('An account with this email already exists');

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** Creates the tenant and its first admin together: a failed sign-up leaves no tenant behind. */
  async signUp(dto: SignUpDto): Promise<{ tenant: Tenant; user: UserView } & AccessToken> {
    const passwordHash = await this.passwords.hash(dto.password);
    const now = this.clock.now().toISOString();
    try {
      const { tenant, user } = await this.dataSource.transaction(async (manager) => {
        const tenant = await this.tenants.insert(manager, {
          id: randomUUID(),
          name: dto.companyName.trim(),
          country: dto.country.toUpperCase(),
          createdAt: now,
        });
        const row = await this.users.insert(
          {
            id: randomUUID(),
            tenantId: tenant.id,
            email: dto.email.trim(),
            passwordHash,
            role: 'admin',
            createdAt: now,
          },
          manager,
        );
        await this.outbox.add(manager, tenant.id, 'gateway.tenant.created', {
          tenant: { id: tenant.id, name: tenant.name, country: tenant.country },
        });
        return { tenant, user: toUserView(row) };
      });
      return { tenant, user, ...this.tokens.issue(user) };
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Unknown email and wrong password answer alike, in about the same time. */
  async login(dto: LoginDto): Promise<AccessToken> {
    const user = await this.users.findByEmail(dto.email.trim());
    const ok = user
      ? await this.passwords.verify(user.password_hash, dto.password)
      : await this.passwords.verifyNothing(dto.password);
    if (!user || !ok) throw new DomainError('UNAUTHORIZED', 'The email or password is not correct');
    return this.tokens.issue({ id: user.id, tenantId: user.tenant_id, role: user.role });
  }
}
