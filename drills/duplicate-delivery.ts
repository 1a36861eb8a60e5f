import { listBindings, serviceConsumers } from './lib/bindings';
import type { Drill, DrillResult } from './lib/types';
import { skipped } from './lib/types';

/**
 * Every event delivered twice must have no second effect. The effects to check (a second email,
 * invoice or payment) belong to billing and documents consuming events; until a service consumes
 * crm events there is nothing a duplicate could do twice, and this drill says so rather than
 * pretending to check.
 */
export const duplicateDeliveryDrill: Drill = {
  name: 'duplicate-delivery',
  summary: 'every event delivered twice: no second effect',
  async run(context): Promise<DrillResult> {
    let consumers;
    try {
      consumers = serviceConsumers(await listBindings(context.stack.rabbitmqUrl), 'crm.');
    } catch (error) {
      return skipped(`cannot list bindings (${(error as Error).message})`);
    }
    if (consumers.length === 0) return skipped('no consumer of crm events yet');
    return skipped(
      `crm events are consumed (${consumers.map((b) => `${b.destination} ← ${b.routingKey}`).join(', ')}), but this drill does not yet know which effect to count for them`,
      [
        'to do: republish each event with the same id and count the consumer’s effect (documents, emails) before and after',
      ],
    );
  },
};
