import type { ServiceName } from '../messaging';

export interface HealthView {
  service: ServiceName;
  status: 'ok' | 'degraded';
  database: boolean;
  instance: string;
}

/** Every service answers `<service>.health` on its RPC queue. */
export const healthPattern = (service: ServiceName) => `${service}.health` as const;

export type HealthRpcMap = {
  [S in ServiceName as `${S}.health`]: { request: Record<string, never>; response: HealthView };
};
