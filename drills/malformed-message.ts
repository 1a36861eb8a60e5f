import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sleep } from '../bench/lib/http';
import { SERVICES } from '../bench/lib/stack';
import { listBindings } from './lib/bindings';
import { queueInfo, withChannel } from './lib/events';
import type { Drill, DrillResult } from './lib/types';
import { judged, skipped } from './lib/types';

const DLQ_WAIT_MS = 120_000;
const FLOW_WAIT_MS = 10_000;

interface Bad {
  label: string;
  messageId: string;
  body: Buffer;
  type: string;
  deadLetteredAfterMs: number | null;
  attempts: unknown;
}

function envelope(id: string, type: string, data: unknown): Buffer {
  return Buffer.from(
    JSON.stringify({
      id,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: randomUUID(),
      correlationId: id,
      data,
    }),
  );
}

/**
 * Bad messages on a service's event queue must end in its dead-letter queue after bounded retries,
 * and a valid message behind them must still be consumed (the queue keeps flowing). Two kinds:
 * not JSON at all, and a well-formed envelope of a type the service handles whose data its handler
 * cannot use (the handler throws, so it goes through the retry queues first).
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
    const notes: string[] = [];
    const bad: Bad[] = [
      {
        label: 'not JSON',
        messageId: `drill-bad-${randomUUID()}`,
        body: Buffer.from('{"this is": not json'),
        type: 'drill.malformed',
        deadLetteredAfterMs: null,
        attempts: null,
      },
    ];
    const handled = await listBindings(amqp)
      .then((bindings) =>
        bindings.find(
          (b) => b.source === 'invoicing.events' && b.destination === queue && !/[#*]/.test(b.routingKey),
        ),
      )
      .catch(() => undefined);
    if (handled) {
      const id = randomUUID();
      bad.push({
        label: `${handled.routingKey} with unusable data`,
        messageId: id,
        body: envelope(id, handled.routingKey, { drill: 'no such fields' }),
        type: handled.routingKey,
        deadLetteredAfterMs: null,
        attempts: null,
      });
    } else
      notes.push('no handled event type found (rabbitmqctl list_bindings): only the non-JSON message sent');
    const goodId = randomUUID();
    const started = performance.now();
    await withChannel(amqp, async (channel) => {
      for (const b of bad)
        channel.sendToQueue(queue, b.body, { persistent: true, messageId: b.messageId, type: b.type });
      // Behind them, a well-formed envelope of a type nobody handles: consumed and acknowledged.
      channel.sendToQueue(queue, envelope(goodId, 'drill.ping', {}), {
        persistent: true,
        messageId: goodId,
        type: 'drill.ping',
      });
    });

    // The queue keeps flowing: the valid message behind the bad ones is taken within seconds.
    let flowedAfterMs: number | null = null;
    while (performance.now() - started < FLOW_WAIT_MS) {
      const info = await queueInfo(amqp, queue);
      if (info && info.messageCount === 0) {
        flowedAfterMs = performance.now() - started;
        break;
      }
      await sleep(100);
    }

    // Each bad message arrives in the dead-letter queue after its retries (taken out again here).
    while (bad.some((b) => b.deadLetteredAfterMs === null) && performance.now() - started < DLQ_WAIT_MS) {
      await withChannel(amqp, async (channel) => {
        const others = [];
        for (;;) {
          const message = await channel.get(dlq, { noAck: false });
          if (!message) break;
          const mine = bad.find((b) => b.messageId === message.properties.messageId);
          if (mine) {
            mine.deadLetteredAfterMs = performance.now() - started;
            mine.attempts = message.properties.headers?.['x-attempt'];
            channel.ack(message);
          } else others.push(message);
        }
        for (const message of others) channel.nack(message, false, true);
      }).catch(() => undefined);
      if (bad.some((b) => b.deadLetteredAfterMs === null)) await sleep(1000);
    }
    const fmt = (v: number | null, limit: number) =>
      v === null ? `not within ${limit / 1000} s` : `${Math.round(v)} ms`;
    const lost = bad.filter((b) => b.deadLetteredAfterMs === null).length;
    return judged(
      [
        ['queue', queue],
        ['sent', `${bad.length} bad (${bad.map((b) => b.label).join('; ')}) + 1 valid behind them`],
        ['valid message consumed after', fmt(flowedAfterMs, FLOW_WAIT_MS)],
        ...bad.map((b): [string, string] => [
          `"${b.label}" dead-lettered after`,
          `${fmt(b.deadLetteredAfterMs, DLQ_WAIT_MS)} (attempts ${String(b.attempts)})`,
        ]),
        ['lost (neither handled nor dead-lettered)', lost],
      ],
      [
        { text: 'the queue keeps flowing', pass: flowedAfterMs !== null },
        { text: `dead-lettered to ${dlq} after bounded retries`, pass: lost === 0 },
      ],
      notes,
    );
  },
};
