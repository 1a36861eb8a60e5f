import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sleep } from '../bench/lib/http';
import { SERVICES } from '../bench/lib/stack';
import { queueInfo, withChannel } from './lib/events';
import type { Drill, DrillResult } from './lib/types';
import { judged, skipped } from './lib/types';

const DLQ_WAIT_MS = 120_000;

/**
 * A non-JSON message on a service's event queue must end in its dead-letter queue after bounded
 * retries, and a valid message behind it must still be consumed (the queue keeps flowing).
 */
export const malformedMessageDrill: Drill = {
  name: 'malformed-message',
  summary:
    'a malformed message on a service queue: dead-lettered after bounded retries; the queue keeps flowing',
  async run(context): Promise<DrillResult> {
    const amqp = context.stack.rabbitmqUrl;
    let target: string | undefined;
    for (const service of SERVICES) {
      const info = await queueInfo(amqp, `${service}.events`);
      if (info && info.consumerCount > 0) {
        target = service;
        break;
      }
    }
    if (!target)
      return skipped('no service consumes an events queue yet (no <service>.events queue with a consumer)');
    const queue = `${target}.events`;
    const dlq = `${target}.events.dlq`;
    const badId = `drill-bad-${randomUUID()}`;
    const goodId = randomUUID();
    const started = performance.now();
    await withChannel(amqp, async (channel) => {
      channel.sendToQueue(queue, Buffer.from('{"this is": not json'), {
        persistent: true,
        messageId: badId,
        type: 'drill.malformed',
      });
      // A well-formed envelope of a type nobody handles: consumed and acknowledged at once.
      const envelope = {
        id: goodId,
        type: 'drill.ping',
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: randomUUID(),
        correlationId: goodId,
        data: {},
      };
      channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        messageId: goodId,
        type: 'drill.ping',
      });
    });

    // The queue keeps flowing: the valid message behind the bad one is taken within seconds.
    let flowedAfterMs: number | null = null;
    while (performance.now() - started < 10_000) {
      const info = await queueInfo(amqp, queue);
      if (info && info.messageCount === 0) {
        flowedAfterMs = performance.now() - started;
        break;
      }
      await sleep(200);
    }

    // The bad message arrives in the dead-letter queue after its retries.
    let deadLetteredAfterMs: number | null = null;
    let attempts: unknown = null;
    while (deadLetteredAfterMs === null && performance.now() - started < DLQ_WAIT_MS) {
      await withChannel(amqp, async (channel) => {
        const others = [];
        for (;;) {
          const message = await channel.get(dlq, { noAck: false });
          if (!message) break;
          if (message.properties.messageId === badId) {
            deadLetteredAfterMs = performance.now() - started;
            attempts = message.properties.headers?.['x-attempt'];
            channel.ack(message);
            break;
          }
          others.push(message);
        }
        for (const message of others) channel.nack(message, false, true);
      }).catch(() => undefined);
      if (deadLetteredAfterMs === null) await sleep(1000);
    }
    const fmt = (v: number | null, limit: number) =>
      v === null ? `not within ${limit / 1000} s` : `${Math.round(v)} ms`;
    return judged(
      [
        ['queue', queue],
        ['sent', '1 malformed + 1 valid'],
        ['valid message consumed after', fmt(flowedAfterMs, 10_000)],
        ['malformed dead-lettered after', fmt(deadLetteredAfterMs, DLQ_WAIT_MS)],
        ['attempts recorded on it', String(attempts)],
        ['lost', deadLetteredAfterMs === null ? 1 : 0],
      ],
      [
        { text: 'the queue keeps flowing', pass: flowedAfterMs !== null },
        { text: `dead-lettered to ${dlq} after bounded retries`, pass: deadLetteredAfterMs !== null },
      ],
    );
  },
};
