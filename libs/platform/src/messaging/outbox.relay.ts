import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-query';
import { AmqpConnection, publishConfirmed } from './amqp-connection';

interface OutboxRow {
  seq: string;
  id: string;
  type: string;
  envelope: string;
}

/**
 * Publishes committed outbox rows with publisher confirms and marks them sent. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so any number of instances relay side by side without sending a
 * row twice in the normal case; after a crash between confirm and commit a row is sent again, and
 * subscribers drop it by its event id. While the broker is unreachable rows simply wait.
 *
 * Order: one relay publishes its batch in `seq` order on one channel, so one instance keeps the
 * order rows were written in; two instances interleave batches, and consumers handle messages
 * concurrently and retry failures later, so no consumer may rely on order anyway.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private nudged = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly batchSize = Number(process.env.OUTBOX_BATCH ?? 200);
  private readonly idleMs = Number(process.env.OUTBOX_POLL_MS ?? 250);
  /**
   * Under load, batches start at most this often (a full batch goes on at once): rows written in
   * between go together, in one claim, one mark and one commit, instead of a transaction per write
   * (and every nudge that came before its writer's commit claimed nothing). An idle relay that is
   * nudged still looks at once; the most an event waits for this is the interval.
   */
  private readonly minIntervalMs = Number(process.env.OUTBOX_MIN_INTERVAL_MS ?? 25);
  private lastBatchAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly amqp: AmqpConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    this.loop = this.run();
    // Back from an outage: relay what waited at once instead of at the end of the backoff.
    await this.amqp.onConnected(async () => this.nudge());
  }

  /** Stops before the database pool and broker connection close, finishing the batch in hand. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Asks the relay to look at the outbox soon rather than at its next poll. */
  nudge(): void {
    // Usually called inside the writer's transaction: look again just after it has likely committed.
    setTimeout(() => {
      this.nudged = true;
      this.wake?.();
    }, 5);
  }

  private async run(): Promise<void> {
    let failures = 0;
    let unreachableLogged = false;
    let backlog = false;
    while (this.running) {
      let published = 0;
      this.nudged = false;
      if (!this.amqp.connected) {
        // Rows wait in the table; the reconnect nudges us awake.
        if (!unreachableLogged) this.logger.warn('broker unreachable: events wait in the outbox');
        unreachableLogged = true;
        await this.sleep(5000);
        continue;
      }
      unreachableLogged = false;
      const wait = backlog ? 0 : this.lastBatchAt + this.minIntervalMs - Date.now();
      // Not cut short by nudges (that is the point); shutdown waits for it, at most the interval.
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastBatchAt = Date.now();
      try {
        published = await this.publishBatch();
        backlog = published === this.batchSize;
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 20 === 0)
          this.logger.warn(`outbox not relayed yet: ${(error as Error).message}`);
      }
      if (!this.running) break;
      if (failures === 0 && (published === this.batchSize || this.nudged)) continue;
      await this.sleep(failures ? Math.min(5000, 100 * 2 ** Math.min(failures, 6)) : this.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Publishes one batch; returns how many rows were sent. */
  async publishBatch(): Promise<number> {
    if (!this.amqp.publishChannel()) throw new Error('broker unreachable');
    const schema = this.config.service;
    return this.dataSource.transaction(async (manager) => {
      // Prepared: this runs once per batch, in every service, for as long as it lives. Marking rows
      // sent need not wait for the disk flush (set here, it holds for this transaction's commit):
      // a mark lost in a crash only means the events are published again, and subscribers drop
      // them by event id.
      const rows = await preparedQuery<OutboxRow>(
        manager,
        `${schema}.outbox.claim`,
        `SELECT seq, id, type, envelope::text AS envelope, set_config('synchronous_commit', 'off', true)
           FROM "${schema}".outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const channel = this.amqp.publishChannel();
      if (!channel) throw new Error('broker unreachable');
      // One confirm per message, not waitForConfirms: other publishers share this channel, and
      // their outstanding or refused messages must neither delay nor fail this batch.
      await Promise.all(
        rows.map((row) =>
          publishConfirmed(channel, EVENTS_EXCHANGE, row.type, Buffer.from(row.envelope), {
            persistent: true,
            messageId: row.id,
            type: row.type,
            contentType: 'application/json',
          }),
        ),
      );
      await preparedQuery(
        manager,
        `${schema}.outbox.mark`,
        `UPDATE "${schema}".outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`,
        [rows.map((r) => r.seq)],
      );
      return rows.length;
    });
  }
}
