import { randomUUID } from 'node:crypto';
import type { HttpClient } from './http';

/** The password of every tenant the bench and the drills sign up. */
export const BENCH_PASSWORD = 'Bench-password-42!';

export interface Tenant {
  tenantId: string;
  email: string;
  accessToken: string;
  headers: Record<string, string>;
}

/** Signs up a fresh tenant through the gateway (fresh tenants keep runs apart without truncating). */
export async function signUpTenant(client: HttpClient, label: string): Promise<Tenant> {
  const email = `${label}-${randomUUID()}@example.com`;
  const answer = await client.request<{ tenant?: { id: string }; accessToken?: string }>(
    'POST',
    '/api/v1/auth/signup',
    {
      companyName: `${label} ${new Date().toISOString()}`,
      country: 'RO',
      email,
      password: 'Bench-password-42!',
    },
  );
  if (answer.status !== 201 || !answer.body.accessToken)
    throw new Error(`sign-up answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  const accessToken = answer.body.accessToken;
  return {
    tenantId: answer.body.tenant?.id ?? '',
    email,
    accessToken,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** A realistic contact body; `n` keeps names unique. */
export function contactBody(n: number, prefix = 'Bench'): Record<string, unknown> {
  return {
    type: 'company',
    name: `${prefix} Client ${n} SRL`,
    email: `billing${n}@client.example.com`,
    phone: '+40 721 000 000',
    address: {
      street: 'Str. Exemplu 1',
      city: 'Cluj-Napoca',
      region: 'CJ',
      postalCode: '400001',
      country: 'RO',
    },
    vatId: 'RO12345678',
    registrationNumber: 'J12/1234/2020',
  };
}
