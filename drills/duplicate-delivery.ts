import { performance } from 'node:perf_hooks';
import type { HttpClient } from '../bench/lib/http';
import { sleep } from '../bench/lib/http';
import { createDrafts, setUpBillingTenant, type BillingTenant } from '../bench/lib/invoicing';
import { listBindings } from './lib/bindings';
import { EventWatcher, queueInfo, type SeenEvent } from './lib/events';
import type { Drill, DrillContext, DrillResult } from './lib/types';
import { judged, skipped } from './lib/types';

const INVOICES = 5;
const DEALS = 3;
const EFFECTS_WAIT_MS = 60_000;
/** After republishing: long enough for every consumer to take its copy (and a retry or two). */
const AFTER_REPUBLISH_MS = 15_000;

interface Effects {
  emails: number;
  emailSentEvents: number;
  drafts: number;
  issued: number;
  payments: number;
}

async function list<T>(http: HttpClient, tenant: BillingTenant, route: string): Promise<T[]> {
  const answer = await http.request<{ items: T[] }>('GET', route, undefined, tenant.headers);
  if (answer.status !== 200)
    throw new Error(`GET ${route} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  return answer.body.items;
}

/**
 * Every event delivered twice must have no second effect. One tenant (draftOnDealWon on) issues
 * invoices with `send: true`, records a payment, and wins deals; once their effects are there (an
 * email per invoice, a draft per deal), every event the drill's own queue saw for that tenant is
 * published again on the exchange with the same id. Then nothing may change: no second email
 * (counted at the SMTP server this process runs, and as documents.email.sent events), no second
 * draft, no further invoice, no second payment; the services' queues must drain.
 */
export const duplicateDeliveryDrill: Drill = {
  name: 'duplicate-delivery',
  summary:
    'every event (invoice issued with send, deal won, payment, …) published again with its id: no second effect',
  async run(context: DrillContext): Promise<DrillResult> {
    const { http, smtp } = context;
    const watcher = new EventWatcher(context.stack.rabbitmqUrl, ['crm.#', 'billing.#', 'documents.#']);
    await watcher.start();
    try {
      const tenant = await setUpBillingTenant(http, 'drill-duplicate', { draftOnDealWon: true });
      const ours = () => watcher.seen.filter((e) => e.tenantId === tenant.tenantId);

      // Effects that events cause: emails (documents consumes billing.invoice.issued) and drafts
      // (billing consumes crm.deal.won); a payment is recorded so its event is in the mix too.
      const ids = await createDrafts(http, tenant, INVOICES, 2);
      for (const id of ids) {
        const issued = await http.request(
          'POST',
          `/api/v1/invoices/${id}/issue`,
          { send: true },
          tenant.headers,
        );
        if (issued.status !== 200)
          throw new Error(`issue answered ${issued.status}: ${issued.text.slice(0, 200)}`);
      }
      const paid = await http.request<{ issueDate: string }>(
        'GET',
        `/api/v1/invoices/${ids[0]}`,
        undefined,
        tenant.headers,
      );
      const payment = await http.request(
        'POST',
        `/api/v1/invoices/${ids[0]}/payments`,
        { amount: '10.00', date: paid.body.issueDate, method: 'bank_transfer' },
        tenant.headers,
      );
      if (payment.status !== 201)
        throw new Error(`payment answered ${payment.status}: ${payment.text.slice(0, 200)}`);
      for (let i = 0; i < DEALS; i++) {
        const deal = await http.request(
          'POST',
          '/api/v1/deals',
          {
            title: `Drill deal ${i + 1}`,
            contactId: tenant.contactId,
            value: { amount: '1500.00', currency: 'RON' },
            stage: 'won',
          },
          tenant.headers,
        );
        if (deal.status !== 201) throw new Error(`deal answered ${deal.status}: ${deal.text.slice(0, 200)}`);
      }

      const effects = async (): Promise<Effects> => {
        const invoices = await list<{ id: string; status: string; dealId: string | null }>(
          http,
          tenant,
          '/api/v1/invoices?limit=200',
        );
        const payments = await list<unknown>(http, tenant, `/api/v1/invoices/${ids[0]}/payments`);
        return {
          emails: smtp ? smtp.to(tenant.buyerEmail).length : Number.NaN,
          emailSentEvents: new Set(
            ours()
              .filter((e) => e.type === 'documents.email.sent')
              .map((e) => e.id),
          ).size,
          drafts: invoices.filter((i) => i.status === 'draft' && i.dealId).length,
          issued: invoices.filter((i) => i.status !== 'draft' && i.status !== 'trashed').length,
          payments: payments.length,
        };
      };

      const waitStart = performance.now();
      let before = await effects();
      while (
        (before.emailSentEvents < INVOICES || (smtp && before.emails < INVOICES) || before.drafts < DEALS) &&
        performance.now() - waitStart < EFFECTS_WAIT_MS
      ) {
        await sleep(500);
        before = await effects();
      }
      await sleep(2000); // late relays
      before = await effects();

      // Everything seen for this tenant, once per event id, published again with the same id.
      const unique = new Map<string, SeenEvent>();
      for (const event of ours()) if (!unique.has(event.id)) unique.set(event.id, event);
      const republished = [...unique.values()];
      let accepted = 0;
      for (const event of republished) if (watcher.republish(event)) accepted++;
      const byType = new Map<string, number>();
      for (const e of republished) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
      context.log(
        `  republished ${accepted} event(s) with their ids; waiting ${AFTER_REPUBLISH_MS / 1000} s`,
      );
      await sleep(AFTER_REPUBLISH_MS);
      const after = await effects();

      // The services took their copies: their event queues are empty again.
      let queues: string[] = [];
      try {
        const bindings = await listBindings(context.stack.rabbitmqUrl);
        queues = [
          ...new Set(
            bindings
              .filter((b) => b.source === 'invoicing.events' && /^[a-z]+\.events$/.test(b.destination))
              .map((b) => b.destination),
          ),
        ];
      } catch {
        queues = [];
      }
      const depths = await Promise.all(
        queues.map(
          async (q) => [q, (await queueInfo(context.stack.rabbitmqUrl, q))?.messageCount ?? -1] as const,
        ),
      );
      const stuck = depths.filter(([, n]) => n !== 0);

      const republishedIssued = byType.get('billing.invoice.issued') ?? 0;
      const republishedWon = byType.get('crm.deal.won') ?? 0;
      const duplicatedEmails = smtp ? after.emails - before.emails : 0;
      const duplicatedSent = after.emailSentEvents - before.emailSentEvents;
      const result = judged(
        [
          ['sent (events republished, same id)', `${accepted} of ${republished.length}`],
          [
            'republished by type',
            [...byType.entries()]
              .sort()
              .map(([t, n]) => `${t} ${n}`)
              .join(', '),
          ],
          [
            'committed before (emails / email.sent events / deal drafts / issued / payments)',
            `${smtp ? before.emails : 'n/a'} / ${before.emailSentEvents} / ${before.drafts} / ${before.issued} / ${before.payments}`,
          ],
          [
            'after republishing',
            `${smtp ? after.emails : 'n/a'} / ${after.emailSentEvents} / ${after.drafts} / ${after.issued} / ${after.payments}`,
          ],
          [
            'delivered (service queues empty afterwards)',
            depths.map(([q, n]) => `${q} ${n}`).join(', ') || 'n/a',
          ],
          [
            'duplicated effects (second email / draft / invoice / payment)',
            `${duplicatedEmails} / ${after.drafts - before.drafts} / ${after.issued - before.issued} / ${after.payments - before.payments}`,
          ],
          [
            'lost (effects missing before republishing)',
            `emails ${smtp ? Math.max(0, INVOICES - before.emails) : 'n/a'}, email.sent ${Math.max(0, INVOICES - before.emailSentEvents)}, drafts ${Math.max(0, DEALS - before.drafts)}`,
          ],
        ],
        [
          {
            text: `every first delivery had its effect (${INVOICES} emails, ${DEALS} drafts)`,
            pass:
              before.emailSentEvents === INVOICES &&
              before.drafts === DEALS &&
              (!smtp || before.emails === INVOICES),
          },
          {
            text: 'republished billing.invoice.issued and crm.deal.won were seen',
            pass: republishedIssued === INVOICES && republishedWon === DEALS,
          },
          { text: 'no second email', pass: duplicatedEmails === 0 && duplicatedSent === 0 },
          { text: 'no second draft', pass: after.drafts === before.drafts },
          { text: 'no second invoice', pass: after.issued === before.issued },
          { text: 'no second payment', pass: after.payments === before.payments },
          { text: 'the services consumed their copies (queues empty)', pass: stuck.length === 0 },
        ],
        [
          ...(smtp
            ? []
            : [
                'no SMTP server of ours (stack not started with --start): emails counted as documents.email.sent events only',
              ]),
          'no consumer makes payments from events; the payment count checks that none appears',
        ],
      );
      return result;
    } catch (error) {
      if ((error as Error).message.includes('ECONNREFUSED')) return skipped((error as Error).message);
      throw error;
    } finally {
      await watcher.stop();
    }
  },
};
