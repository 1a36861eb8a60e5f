import { performance } from 'node:perf_hooks';
import { rabbitmqctl, vhostOf } from '../bench/lib/broker';
import { sleep } from '../bench/lib/http';
import { signUpTenant } from '../bench/lib/tenant';
import { countByStatus, createStream, formatCounts, listAllContacts, type Shot } from './lib/contacts';
import { EventWatcher } from './lib/events';
import type { Drill, DrillContext, DrillResult } from './lib/types';
import { judged } from './lib/types';

type Variant = 'stop' | 'connections';

const SEND_SECONDS = 40;
const DELIVERY_WAIT_MS = 90_000;
const RECOVERY_GRACE_MS = 5_000;

/**
 * Breaks the broker for `outageSeconds` while contacts are being created: either RabbitMQ's app is
 * stopped (`rabbitmqctl stop_app` … `start_app`) or every connection of the stack's virtual host is
 * cut again and again. Every contact committed must still publish its crm.contact.created event.
 */
async function outage(variant: Variant, context: DrillContext): Promise<{ downAt: number; upAt: number }> {
  const t0 = performance.now();
  if (variant === 'stop') {
    await rabbitmqctl('stop_app');
    const downAt = performance.now() - t0;
    try {
      await sleep(context.outageSeconds * 1000);
    } finally {
      await rabbitmqctl('start_app');
    }
    return { downAt, upAt: performance.now() - t0 };
  }
  const vhost = vhostOf(context.stack.rabbitmqUrl);
  const end = t0 + context.outageSeconds * 1000;
  while (performance.now() < end)
    await rabbitmqctl('close_all_connections', '--vhost', vhost, 'drill: connections cut').catch(() => '');
  return { downAt: 0, upAt: performance.now() - t0 };
}

function brokerOutage(variant: Variant): Drill {
  return {
    name: variant === 'stop' ? 'broker-stop' : 'broker-connections',
    summary:
      variant === 'stop'
        ? 'RabbitMQ stopped (stop_app/start_app) while contacts are created: 0 events lost'
        : "every connection of the stack's vhost cut repeatedly while contacts are created: 0 events lost",
    async run(context): Promise<DrillResult> {
      const tenant = await signUpTenant(context.http, 'drill-broker');
      const watcher = new EventWatcher(context.stack.rabbitmqUrl, ['crm.#']);
      await watcher.start();
      try {
        let shots: Shot[] = [];
        let window = { downAt: 0, upAt: 0, startedAt: 0 };
        let outageError: string | undefined;
        try {
          const intervalMs = (SEND_SECONDS * 1000) / context.count;
          const streamStart = performance.now();
          const stream = createStream(context.http, tenant.headers, {
            count: context.count,
            intervalMs,
            prefix: `Drill ${variant}`,
          });
          // The outage starts a quarter of the way in, so creates run before, during and after it.
          await sleep((SEND_SECONDS * 1000) / 4);
          const startedAt = performance.now() - streamStart;
          context.log(
            `  ${variant}: breaking the broker at ${Math.round(startedAt)} ms for ${context.outageSeconds} s`,
          );
          try {
            const w = await outage(variant, context);
            window = { startedAt, downAt: startedAt + w.downAt, upAt: startedAt + w.upAt };
          } catch (error) {
            outageError = (error as Error).message;
            window = { startedAt, downAt: startedAt, upAt: performance.now() - streamStart };
          }
          context.log(`  ${variant}: broker back at ${Math.round(window.upAt)} ms`);
          shots = await stream;
        } finally {
          if (variant === 'stop') await rabbitmqctl('start_app').catch(() => ''); // idempotent
        }

        // After the stream: the stack must take creates again by itself.
        let recoveredAfterMs: number | null = null;
        const recoverStart = performance.now();
        while (performance.now() - recoverStart < 60_000) {
          const probe = await createStream(context.http, tenant.headers, {
            count: 1,
            intervalMs: 0,
            prefix: 'Drill probe',
          });
          shots.push(
            ...probe.map((s) => ({ ...s, seq: shots.length, sentAt: Infinity, answeredAt: Infinity })),
          );
          if (probe[0].status === 201) {
            recoveredAfterMs = performance.now() - recoverStart;
            break;
          }
          await sleep(500);
        }

        const before = shots.filter((s) => s.answeredAt < window.startedAt);
        const during = shots.filter(
          (s) => s.answeredAt >= window.startedAt && s.answeredAt <= window.upAt + RECOVERY_GRACE_MS,
        );
        const after = shots.filter((s) => s.answeredAt > window.upAt + RECOVERY_GRACE_MS);
        const created = new Map(shots.filter((s) => s.status === 201 && s.id).map((s) => [s.id!, s]));
        const listed = await listAllContacts(context.http, tenant.headers);
        const committed = new Set(listed.map((c) => c.id));
        const expected = new Set([...created.keys(), ...committed]);

        // Wait for every committed contact's event.
        const contactOf = (e: { data: Record<string, unknown> }) =>
          String((e.data?.contact as { id?: string } | undefined)?.id ?? '');
        const ours = () =>
          watcher.seen.filter((e) => e.type === 'crm.contact.created' && e.tenantId === tenant.tenantId);
        const waitStart = performance.now();
        for (;;) {
          const delivered = new Set(ours().map(contactOf));
          if ([...expected].every((id) => delivered.has(id))) break;
          if (performance.now() - waitStart > DELIVERY_WAIT_MS) break;
          await sleep(500);
        }
        await sleep(2000); // late duplicates

        const events = ours();
        const byContact = new Map<string, Set<string>>();
        for (const e of events) {
          const ids = byContact.get(contactOf(e)) ?? new Set<string>();
          ids.add(e.id);
          byContact.set(contactOf(e), ids);
        }
        const lost = [...expected].filter((id) => !byContact.has(id));
        const lostOf201 = [...created.keys()].filter((id) => !byContact.has(id));
        const missingFromList = [...created.keys()].filter((id) => !committed.has(id));
        const deliveredOnce = [...byContact.keys()].filter((id) => expected.has(id)).length;
        const duplicatesSameId = events.length - [...byContact.values()].reduce((n, ids) => n + ids.size, 0);
        const duplicatesOtherId = [...byContact.values()].filter((ids) => ids.size > 1).length;
        const unknown = [...byContact.keys()].filter((id) => !expected.has(id));
        const statuses = countByStatus(shots);
        const badStatuses = [...statuses.keys()].filter((s) => !['201', '503', '504'].includes(s));
        const unavailableBefore = before.filter((s) => s.status !== 201).length;
        const committedWithout201 = [...committed].filter((id) => !created.has(id)).length;

        return judged(
          [
            ['sent', shots.length],
            ['answers before the outage', formatCounts(countByStatus(before))],
            [
              `answers during it (+${RECOVERY_GRACE_MS / 1000} s to reconnect)`,
              formatCounts(countByStatus(during)),
            ],
            ['answers after it', formatCounts(countByStatus(after))],
            ['committed (listed afterwards)', committed.size],
            ['committed although the answer was not 201', committedWithout201],
            ['events delivered (distinct contacts)', deliveredOnce],
            ['duplicated deliveries (same event id)', duplicatesSameId],
            ['contacts with two different event ids', duplicatesOtherId],
            ['lost (committed, no event)', lost.length],
            ['watcher reconnects', watcher.reconnects],
            ['outage window (ms from start)', `${Math.round(window.startedAt)}..${Math.round(window.upAt)}`],
            [
              'creates work again',
              recoveredAfterMs === null ? 'NO' : `${Math.round(recoveredAfterMs)} ms after the stream`,
            ],
          ],
          [
            { text: '0 events lost', pass: lost.length === 0 && lostOf201.length === 0 },
            { text: 'duplicates only with the same event id', pass: duplicatesOtherId === 0 },
            { text: 'no answer other than 201/503/504', pass: badStatuses.length === 0 },
            { text: 'no 503/504 before the outage', pass: unavailableBefore === 0 },
            { text: 'every 201 contact is stored', pass: missingFromList.length === 0 },
            { text: 'creates work again after the outage', pass: recoveredAfterMs !== null },
            ...(outageError ? [{ text: `outage could be caused (${outageError})`, pass: false }] : []),
          ],
          [
            ...(badStatuses.length
              ? [
                  `unexpected answers: ${shots
                    .filter((s) => badStatuses.includes(String(s.status)))
                    .slice(0, 3)
                    .map((s) => `${s.status} ${s.error ?? ''}`)
                    .join(' | ')}`,
                ]
              : []),
            ...(lost.length ? [`lost contact ids (first 5): ${lost.slice(0, 5).join(', ')}`] : []),
            ...(unknown.length ? [`events for contacts not listed: ${unknown.length}`] : []),
          ],
        );
      } finally {
        await watcher.stop();
      }
    },
  };
}

export const brokerStopDrill = brokerOutage('stop');
export const brokerConnectionsDrill = brokerOutage('connections');
