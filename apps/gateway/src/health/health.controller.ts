import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { healthPattern } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { Public } from '../auth/caller.decorator';
import type { GatewayResponse } from '../http/http.types';

export const CHECKED_SERVICES = ['crm', 'billing', 'documents', 'scheduler'] as const;
type Checked = (typeof CHECKED_SERVICES)[number];
export type ServiceState = 'ok' | 'degraded' | 'down';

export interface HealthAnswer {
  status: 'ok' | 'unavailable';
  services: Record<Checked, ServiceState>;
}

/** How long a service may take to say it is alive before it counts as down. */
const HEALTH_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Every service answered: {status: "ok", services: {crm: "ok", ...}}' })
  @ApiServiceUnavailableResponse({ description: 'At least one service is down or degraded (same shape)' })
  async check(@Res({ passthrough: true }) res: GatewayResponse): Promise<HealthAnswer> {
    const states = await Promise.all(
      CHECKED_SERVICES.map((service) =>
        this.rpc.send(healthPattern(service), {}, null, { timeoutMs: HEALTH_TIMEOUT_MS }).then(
          (view): ServiceState => (view.status === 'ok' ? 'ok' : 'degraded'),
          (): ServiceState => 'down',
        ),
      ),
    );
    const services = Object.fromEntries(
      CHECKED_SERVICES.map((s, i) => [s, states[i]]),
    ) as HealthAnswer['services'];
    const healthy = states.every((state) => state === 'ok');
    res.status(healthy ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    return { status: healthy ? 'ok' : 'unavailable', services };
  }
}
