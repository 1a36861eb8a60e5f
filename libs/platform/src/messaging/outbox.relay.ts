import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AmqpConnection } from './amqp-connection';

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
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly batchSize = Number(process.env.OUTBOX_BATCH ?? 200);
  private readonly idleMs = Number(process.env.OUTBOX_POLL_MS ?? 250);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly amqp: AmqpConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Asks the relay to look at the outbox soon rather than at its next poll. */
  nudge(): void {
    setTimeout(() => this.wake?.(), 5);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 20 === 0)
          this.logger.warn(`outbox not relayed yet: ${(error as Error).message}`);
      }
      if (published === this.batchSize) continue;
      await this.sleep(failures ? Math.min(5000, 200 * 2 ** Math.min(failures, 5)) : this.idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Publishes one batch; returns how many rows were sent. */
  async publishBatch(): Promise<number> {
    const channel = this.amqp.publishChannel();
    if (!channel) throw new Error('broker unreachable');
    const schema = this.config.service;
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `SELECT seq, id, type, envelope::text AS envelope FROM "${schema}".outbox
         WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      for (const row of rows) {
        channel.publish(EVENTS_EXCHANGE, row.type, Buffer.from(row.envelope), {
          persistent: true,
          messageId: row.id,
          type: row.type,
          contentType: 'application/json',
        });
      }
      await channel.waitForConfirms();
      await manager.query(
        `UPDATE "${schema}".outbox SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`,
        [rows.map((r) => r.seq)],
      );
      return rows.length;
    });
  }
}
