import { Injectable, Logger } from '@nestjs/common';
import { RpcClient } from '@app/platform';

/** How long an answer about a recurrence may wait for the scheduler before it says "unknown". */
const SCHEDULER_TIMEOUT_MS = 1500;

/**
 * Asks the scheduler (over RPC, never its code or tables) for the next run date it plans. The
 * calendar is the scheduler's; billing only shows it, so a scheduler that is down or has not yet
 * seen the recurrence makes the answer `null`, never an error.
 */
@Injectable()
export class SchedulerTimetableClient {
  private readonly logger = new Logger('Recurrence');

  constructor(private readonly rpc: RpcClient) {}

  /**
   * The next run date, or null. With `atLeastVersion`, only the scheduler's entry of that version
   * or newer counts (right after a change, its event may still be on the way): asked a few times
   * within the timeout.
   */
  async nextRunDate(tenantId: string, recurrenceId: string, atLeastVersion = 0): Promise<string | null> {
    const deadline = Date.now() + SCHEDULER_TIMEOUT_MS;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      try {
        const entry = await this.rpc.send(
          'scheduler.recurrences.get',
          { recurrenceId },
          { tenantId },
          { timeoutMs: remaining },
        );
        if (entry.version >= atLeastVersion) return entry.active ? entry.nextRunDate : null;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // NOT_FOUND: its "started" event has not arrived yet; anything else: it cannot answer now.
        if (code !== 'NOT_FOUND') {
          this.logger.warn(`no next run date for recurrence ${recurrenceId}: ${(error as Error).message}`);
          return null;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
