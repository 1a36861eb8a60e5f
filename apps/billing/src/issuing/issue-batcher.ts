import { assertCallerStillWaiting } from '@app/platform';
import type { DraftIssue, DraftIssueOutcome } from '../numbering/number-series.repository';

interface Waiting {
  issue: DraftIssue;
  /** When the caller stops waiting (ms since the epoch; Infinity for none). */
  deadline: number;
  resolve(outcome: DraftIssueOutcome): void;
  reject(error: unknown): void;
}

/** PostgreSQL's deadlock and serialization failures: nothing was written, the batch may be retried. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Group commit for issues: issues of one series and issue date that arrive while the one before
 * them is being written wait and are then written together, by one statement (one commit and one
 * turn of the series row lock for all of them). Nothing waits for company: an issue arriving when
 * none is being written goes at once, so one client sees no delay and many share the cost.
 */
export class IssueBatcher {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(
    private readonly write: (issues: DraftIssue[]) => Promise<DraftIssueOutcome[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(issue: DraftIssue, deadline: number): Promise<DraftIssueOutcome> {
    const key = `${issue.tenantId}\u0000${issue.kind}\u0000${issue.issueDate}`;
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      const waiting: Waiting = { issue, deadline, resolve, reject };
      if (queue) queue.push(waiting);
      else {
        this.queues.set(key, [waiting]);
        void this.drain(key);
      }
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length) {
      // A document once per batch: a second issue of it waits for the next (and finds it issued).
      const batch: Waiting[] = [];
      const later: Waiting[] = [];
      const ids = new Set<string>();
      for (const item of queue.splice(0, this.maxBatch))
        if (ids.has(item.issue.documentId)) later.push(item);
        else {
          ids.add(item.issue.documentId);
          batch.push(item);
        }
      queue.unshift(...later);
      // A caller that gave up meanwhile (it answered 504) must not see its document issued later.
      const live = batch.filter((item) => {
        try {
          assertCallerStillWaiting(item.deadline - Date.now());
          return true;
        } catch (error) {
          item.reject(error);
          return false;
        }
      });
      if (!live.length) continue;
      try {
        const outcomes = await this.write(live.map((item) => item.issue));
        live.forEach((item, index) => item.resolve(outcomes[index]));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code))
          live.forEach((item) => item.resolve({ outcome: 'changed' }));
        else live.forEach((item) => item.reject(error));
      }
    }
    this.queues.delete(key);
  }
}
