import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RpcCaller } from '@app/contracts';
import {
  completeSeller,
  createContact,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

const ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.join(ROOT, 'dist/apps/billing/src/main.js');

/** A billing process on this test's queues and database, as ops would run it. */
function startBillingProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`billing did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('billing ready')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`billing exited with ${code}:\n${output}`)));
  });
}

/**
 * QUALITY.md drill "billing killed with SIGKILL during concurrent issues": numbers stay 1..N with
 * no gap and no repeat, and every issue that answered 200 is stored with the number it answered.
 */
describe('issuing while a billing process is killed', () => {
  let h: DocumentsHarness;
  const processes: ChildProcess[] = [];
  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
    h = await startDocumentsHarness({ instances: 0 });
    processes.push(await startBillingProcess(), await startBillingProcess());
  }, 90_000);
  afterAll(async () => {
    const running = processes.filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = running.map(
      (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
    );
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(exited);
    await h?.close();
  });

  it('keeps numbers gap-free and every answered issue stored when one of two instances dies mid-burst', async () => {
    const caller: RpcCaller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const ids: string[] = [];
    for (let i = 0; i < 300; i += 20)
      ids.push(
        ...(
          await Promise.all(
            Array.from({ length: 20 }, () =>
              h.rpc.send(
                'billing.documents.create',
                {
                  kind: 'invoice',
                  document: {
                    contactId: contact.id,
                    lines: [
                      { name: 'Work', unit: 'h', quantity: '1', unitPrice: '10', saveToCatalogue: false },
                    ],
                  },
                },
                caller,
              ),
            ),
          )
        ).map((d) => d.id),
      );

    const burst = Promise.allSettled(
      ids.map((id) =>
        h.rpc.send('billing.documents.issue', { kind: 'invoice', id, options: {} }, caller, {
          timeoutMs: 20_000,
        }),
      ),
    );
    // Kill one instance while issues are in flight, then bring a fresh one up, as a supervisor would.
    await new Promise((resolve) => setTimeout(resolve, 60));
    processes[0].kill('SIGKILL');
    processes.push(await startBillingProcess());
    const results = await burst;

    const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(answered.length).toBeGreaterThan(0);
    const stored = await h.dataSource.query<Array<{ id: string; number: string }>>(
      `SELECT d.id, d.number::text AS number FROM billing.documents d
        WHERE d.tenant_id = $1 AND d.status = 'issued' ORDER BY d.number`,
      [caller.tenantId],
    );
    // Gap-free and never repeated.
    expect(stored.map((row) => Number(row.number))).toEqual(stored.map((_, index) => index + 1));
    // Every 200 is stored, with the number it answered.
    const byId = new Map(stored.map((row) => [row.id, Number(row.number)]));
    for (const document of answered) expect(byId.get(document.id)).toBe(document.number);
    // What failed failed cleanly: the platform runs a command at most once, so the requests the
    // killed instance held are dropped when redelivered and their callers see 503/504 (and retry
    // with their Idempotency-Key). Such a document is either issued (committed before the kill)
    // or still a draft: nothing is left half issued.
    for (const result of results)
      if (result.status === 'rejected')
        expect(['CONFLICT', 'UNAVAILABLE', 'TIMEOUT']).toContain((result.reason as { code: string }).code);
    const left = ids.filter((id) => !byId.has(id));
    const [{ drafts }] = await h.dataSource.query<Array<{ drafts: number }>>(
      `SELECT count(*)::int AS drafts FROM billing.documents WHERE id = ANY($1::uuid[]) AND status = 'draft'`,
      [left],
    );
    expect(drafts).toBe(left.length);
    // Retried, they take the next numbers: the crash consumed none.
    for (const id of left)
      await h.rpc.send('billing.documents.issue', { kind: 'invoice', id, options: {} }, caller);
    const all = await h.dataSource.query<Array<{ number: string }>>(
      `SELECT d.number::text AS number FROM billing.documents d
        WHERE d.tenant_id = $1 AND d.status = 'issued' ORDER BY d.number`,
      [caller.tenantId],
    );
    expect(all.map((row) => Number(row.number))).toEqual(ids.map((_, index) => index + 1));
  }, 120_000);
});
