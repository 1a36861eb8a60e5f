import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@app/contracts';
import type { IssuedEventsTap } from './documents-harness';

/**
 * Waits until billing published every outbox row of the tenant and the tap holds at least `count`
 * of its events, then a little longer (a duplicate would arrive now). Returns the tenant's events.
 */
export async function billingEventsSettled(
  dataSource: DataSource,
  tap: IssuedEventsTap,
  tenantId: string,
  count: number,
): Promise<EventEnvelope[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [{ pending }] = await dataSource.query<Array<{ pending: number }>>(
      `SELECT count(*)::int AS pending FROM billing.outbox WHERE tenant_id = $1 AND published_at IS NULL`,
      [tenantId],
    );
    if (pending === 0 && tap.of(tenantId).length >= count) break;
    if (Date.now() > deadline) throw new Error(`events of ${tenantId} not delivered in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return tap.of(tenantId);
}
