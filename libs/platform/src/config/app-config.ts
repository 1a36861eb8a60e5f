import type { ServiceName } from '@app/contracts';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me';
const DEV_LINK_SECRET = 'dev-only-link-secret-change-me';

/** Typed configuration read once from the environment at boot (API.md, "Configuration"). */
export interface AppConfig {
  service: ServiceName;
  nodeEnv: string;
  production: boolean;
  port: number;
  databaseUrl: string;
  rabbitmqUrl: string;
  dataDir: string;
  publicUrl: string;
  smtpUrl: string | null;
  jwtSecret: string;
  jwtTtlSeconds: number;
  linkSecret: string;
  authRateLimit: number;
  rpcTimeoutMs: number;
  clockNow: string | null;
  instanceId: string;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000);
  const serviceDbVar = `${service.toUpperCase()}_DATABASE_URL`;
  const config: AppConfig = {
    service,
    nodeEnv,
    production,
    port,
    databaseUrl: env[serviceDbVar] || env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/invoicing',
    rabbitmqUrl: env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672',
    dataDir: env.DATA_DIR || './var',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL || null,
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 3600),
    linkSecret: env.LINK_SECRET || DEV_LINK_SECRET,
    authRateLimit: int(env, 'AUTH_RATE_LIMIT', 30),
    rpcTimeoutMs: int(env, 'RPC_TIMEOUT_MS', 5000),
    clockNow: env.CLOCK_NOW || null,
    instanceId: `${service}-${process.pid}`,
  };
  if (production) {
    const problems: string[] = [];
    if (!env.JWT_SECRET || env.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET must be set');
    if (!env.LINK_SECRET || env.LINK_SECRET === DEV_LINK_SECRET) problems.push('LINK_SECRET must be set');
    if (env.CLOCK_NOW) problems.push('CLOCK_NOW is refused in production');
    if (problems.length) throw new ConfigError(`Refusing to start in production: ${problems.join('; ')}`);
  }
  if (config.clockNow && Number.isNaN(Date.parse(config.clockNow)))
    throw new ConfigError(`CLOCK_NOW must be an ISO 8601 instant, got "${config.clockNow}"`);
  return config;
}

/** Injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
