import type { DraftIssue, DraftIssueOutcome } from '../numbering/number-series.repository';
import { IssueBatcher } from './issue-batcher';

const issueOf = (documentId: string, issueDate = '2026-12-07'): DraftIssue =>
  ({ documentId, tenantId: 't', kind: 'invoice', issueDate }) as DraftIssue;

/** A write that numbers what it is given, and lets the test finish each call when it chooses. */
function recordingWrite() {
  const calls: string[][] = [];
  const finish: Array<() => void> = [];
  let next = 1;
  const write = (issues: DraftIssue[]) =>
    new Promise<DraftIssueOutcome[]>((resolve) => {
      calls.push(issues.map((i) => i.documentId));
      finish.push(() =>
        resolve(
          issues.map(() => ({
            outcome: 'numbered',
            series: 'INV',
            number: next,
            fullNumber: `INV-${next++}`,
          })),
        ),
      );
    });
  return { calls, finish, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('IssueBatcher', () => {
  it('writes an issue at once when none is in flight, and those arriving meanwhile together after it', async () => {
    const { calls, finish, write } = recordingWrite();
    const batcher = new IssueBatcher(write);
    const first = batcher.submit(issueOf('a'), Infinity);
    await tick();
    expect(calls).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((id) => batcher.submit(issueOf(id), Infinity));
    await tick();
    expect(calls).toHaveLength(1); // they wait for the write in flight
    finish[0]();
    await tick();
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    finish[1]();
    const numbers = (await Promise.all([first, ...rest])).map((o) =>
      o.outcome === 'numbered' ? o.number : 0,
    );
    expect(numbers).toEqual([1, 2, 3, 4]); // in the order they arrived
  });

  it('keeps series and issue dates apart, and puts a document in a batch once', async () => {
    const { calls, finish, write } = recordingWrite();
    const batcher = new IssueBatcher(write);
    void batcher.submit(issueOf('a'), Infinity);
    void batcher.submit(issueOf('x', '2026-12-08'), Infinity);
    await tick();
    expect(calls).toEqual([['a'], ['x']]); // another issue date: its own batch, not waiting
    for (const id of ['b', 'b', 'c']) void batcher.submit(issueOf(id), Infinity);
    finish[0]();
    await tick();
    expect(calls[2]).toEqual(['b', 'c']);
    finish[2]();
    await tick();
    expect(calls[3]).toEqual(['b']);
  });

  it('writes nothing for a caller that has given up while waiting, and says so', async () => {
    const { calls, finish, write } = recordingWrite();
    const batcher = new IssueBatcher(write);
    void batcher.submit(issueOf('a'), Infinity);
    const late = batcher.submit(issueOf('b'), Date.now() + 100);
    const onTime = batcher.submit(issueOf('c'), Infinity);
    await new Promise((resolve) => setTimeout(resolve, 150));
    finish[0]();
    await expect(late).rejects.toMatchObject({ code: 'TIMEOUT' });
    await tick();
    expect(calls[1]).toEqual(['c']);
    finish[1]();
    await expect(onTime).resolves.toMatchObject({ outcome: 'numbered' });
  });

  it('answers "changed" (read again) after a deadlock, and passes any other failure on', async () => {
    const failures = [
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new Error('disk full'),
    ];
    const batcher = new IssueBatcher(() => Promise.reject(failures.shift()!));
    await expect(batcher.submit(issueOf('a'), Infinity)).resolves.toEqual({ outcome: 'changed' });
    await expect(batcher.submit(issueOf('a'), Infinity)).rejects.toThrow('disk full');
  });
});
