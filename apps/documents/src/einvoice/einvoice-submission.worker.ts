import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/platform';
import { FileStorage } from '../storage/file-storage';
import { advanceSubmission, type EinvoiceSubmission } from '../ubl/einvoice-submission';
import {
  type ConfiguredPlatform,
  EINVOICE_CONFIG,
  EINVOICE_PLATFORM,
  type EinvoiceConfig,
} from './einvoice.config';
import { EinvoiceSubmissionsRepository } from './einvoice-submissions.repository';

/** A `failed` submission (the platform unreachable after retries) is tried again this much later. */
const FAILED_BACKOFF = 60;

/**
 * Advances open submissions on the configured platform, one at a time per claim: each step runs in
 * a transaction that holds the submission's row (FOR UPDATE SKIP LOCKED, so instances never
 * advance the same one at once) and saves the new state with the next time to look. Nothing runs
 * when no platform is configured (EINVOICE_PLATFORM=none).
 */
@Injectable()
export class EinvoiceSubmissionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EinvoiceSubmissions');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(EINVOICE_CONFIG) private readonly config: EinvoiceConfig,
    @Inject(EINVOICE_PLATFORM) private readonly platform: ConfiguredPlatform,
    private readonly dataSource: DataSource,
    private readonly submissions: EinvoiceSubmissionsRepository,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.platform) return;
    this.timer = setInterval(() => void this.poll(), this.config.pollMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Advances every due submission (a pass already running is left to finish). */
  poll(): Promise<void> {
    if (this.stopped || !this.platform) return Promise.resolve();
    this.running ??= this.drain()
      .catch((error: Error) => this.logger.warn(`submission pass failed: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.advanceNext()));
  }

  /** Claims one due submission and advances it one step; false when none is due. */
  private advanceNext(): Promise<boolean> {
    const platform = this.platform!;
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const submission = await this.submissions.claimDue(manager, now);
      if (!submission) return false;
      const next = await advanceSubmission(submission, {
        platform,
        storage: this.storage,
        xml: async () => {
          const bytes = await this.storage.get(submission.xmlKey);
          if (!bytes) throw new Error(`The stored XML ${submission.xmlKey} is missing`);
          return bytes.toString('utf8');
        },
        sellerTaxId: submission.sellerTaxId,
        now,
      });
      await this.submissions.save(manager, next, new Date(now.getTime() + this.delayAfter(next)), now);
      if (next.status !== submission.status)
        this.logger.log(
          `e-invoice ${next.fullNumber} ${submission.status} → ${next.status} (${platform.name})`,
        );
      return true;
    });
  }

  /** The next look: the poll interval, doubled per failed call, much later once `failed`. */
  private delayAfter(submission: EinvoiceSubmission): number {
    if (submission.status === 'failed') return this.config.pollMs * FAILED_BACKOFF;
    return this.config.pollMs * 2 ** Math.min(submission.attempts, 6);
  }
}
