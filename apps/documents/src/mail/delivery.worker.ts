import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DOCUMENT_KINDS, type DocumentKind } from '@app/contracts';
import {
  APP_CONFIG,
  type AppConfig,
  Clock,
  DomainError,
  Outbox,
  publicLinkUrl,
  RpcClient,
} from '@app/platform';
import { FileStorage } from '../storage/file-storage';
import { type Delivery, DeliveriesRepository } from './deliveries.repository';
import { type EmailTemplate, fillLinks, type LinkValues, needsLinks } from './email-template';
import { MAIL_CONFIG, type MailConfig } from './mail.config';
import { MailTransport } from './mail-transport';

/** An SMTP answer no retry changes (5xx: mailbox unknown, message refused). */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  return (
    (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) || code === 'EENVELOPE'
  );
}

/**
 * Sends queued deliveries, after the transaction that queued them committed. Each send happens in
 * a transaction that claims the row (FOR UPDATE SKIP LOCKED: instances never send the same row at
 * once) and, once the SMTP server has accepted the message, marks it sent and adds
 * `documents.email.sent` to the outbox. SMTP errors are retried after SMTP_RETRY_DELAYS_MS, then
 * the delivery is `failed` with the reason (`documents.email.failed`).
 *
 * The window that remains: if this process dies (or the database goes away) after the SMTP server
 * accepted the message but before the commit, the row is still `queued` and is sent again: one
 * duplicate email. SMTP has no idempotency key, so it cannot be closed; it is kept to the few
 * milliseconds of one UPDATE and COMMIT, and the retried message keeps the same Message-ID (derived
 * from the delivery id), which lets mail clients and servers recognise the duplicate.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Deliveries');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly storage: FileStorage,
    private readonly transport: MailTransport,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.pollMs);
    this.timer.unref();
    this.nudge();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /**
   * For a delivery queued in a transaction that has not committed yet (the inbox commits right
   * after the handler returns): look shortly after. The periodic poll is the safety net.
   */
  nudgeAfterCommit(): void {
    for (const delay of [10, 100]) setTimeout(() => this.nudge(), delay).unref();
  }

  /** Looks for due deliveries now (or right after the pass in progress). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: Error) => this.logger.warn(`delivery pass failed: ${error.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          setTimeout(() => this.nudge(), 20).unref();
        }
      });
  }

  /**
   * Sends until nothing is due. One lane looks; each successful claim opens another lane, up to
   * DELIVERY_CONCURRENCY sends at a time, so an idle poll costs one short query.
   */
  private drain(): Promise<void> {
    return new Promise<void>((resolve) => {
      let active = 0;
      const lane = async () => {
        active++;
        try {
          while (!this.stopped && (await this.sendNext())) if (active < this.config.concurrency) void lane();
        } catch (error) {
          this.logger.warn(`delivery lane stopped: ${(error as Error).message}`);
        } finally {
          if (--active === 0) resolve();
        }
      };
      void lane();
    });
  }

  /** Claims one due delivery and sends it; false when none is due. */
  private sendNext(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const delivery = await this.deliveries.claimDue(manager, this.clock.now());
      if (!delivery) return false;
      try {
        await this.send(delivery);
      } catch (error) {
        await this.recordFailure(manager, delivery, error);
        return true;
      }
      await this.deliveries.markSent(manager, delivery.id, this.clock.now());
      await this.outbox.add(manager, delivery.tenantId, 'documents.email.sent', {
        documentId: delivery.documentId,
        to: delivery.recipients,
        requestId: delivery.requestId,
      });
      return true;
    });
  }

  private async send(delivery: Delivery): Promise<void> {
    const pdf = await this.storage.get(delivery.storageKey);
    if (!pdf) throw new Error(`The PDF ${delivery.attachmentName} is missing from storage`);
    const extras = [];
    for (const extra of delivery.extraAttachments ?? []) {
      const content = await this.storage.get(extra.storageKey);
      if (!content) throw new Error(`The file ${extra.fileName} is missing from storage`);
      extras.push({ fileName: extra.fileName, content, contentType: extra.contentType });
    }
    const email = await this.withLinks(delivery);
    await this.transport.send({
      messageId: delivery.messageId,
      from: delivery.senderName
        ? { name: delivery.senderName, address: this.config.fromAddress }
        : this.config.fromAddress,
      replyTo: delivery.replyTo ?? undefined,
      to: delivery.recipients,
      subject: email.subject,
      text: email.body,
      attachment: { fileName: delivery.attachmentName, content: pdf },
      extraAttachments: extras,
    });
  }

  /**
   * The subject and body with their public links, signed by billing now (for the document's
   * tenant). Billing not answering throws: the delivery is retried like an SMTP error. Billing
   * answering that the document has no links (409: not issued; 404: it knows no such document)
   * sends the email without them.
   */
  private async withLinks(delivery: Delivery): Promise<EmailTemplate> {
    const email = { subject: delivery.subject, body: delivery.body };
    if (!needsLinks(email)) return email;
    // Billing signs links for its documents only (a receipt's email has none).
    if (!(DOCUMENT_KINDS as readonly string[]).includes(delivery.kind)) return fillLinks(email, {});
    let links: LinkValues;
    try {
      const tokens = await this.rpc.send(
        'billing.documents.links',
        { kind: delivery.kind as DocumentKind, id: delivery.documentId },
        { tenantId: delivery.tenantId, role: 'admin' },
      );
      const url = (token: string | undefined) =>
        token ? publicLinkUrl(this.appConfig.publicUrl, token) : undefined;
      links = { viewLink: url(tokens.view), acceptLink: url(tokens.accept), rejectLink: url(tokens.reject) };
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'CONFLICT' && error.code !== 'NOT_FOUND'))
        throw new Error(`The document's links could not be had from billing: ${(error as Error).message}`, {
          cause: error,
        });
      if (error.code === 'NOT_FOUND')
        this.logger.warn(
          `billing knows no ${delivery.kind} ${delivery.documentId}: email sent without links`,
        );
      links = {};
    }
    return fillLinks(email, links);
  }

  private async recordFailure(manager: EntityManager, delivery: Delivery, error: unknown): Promise<void> {
    const reason = ((error as Error).message || String(error)).slice(0, 1000);
    const delay = isPermanent(error) ? undefined : this.config.retryDelaysMs[delivery.attempts];
    const now = this.clock.now();
    if (delay !== undefined) {
      this.logger.warn(
        `email for ${delivery.documentId} failed (attempt ${delivery.attempts + 1}), retry in ${delay} ms: ${reason}`,
      );
      await this.deliveries.markRetry(manager, delivery.id, reason, new Date(now.getTime() + delay), now);
      setTimeout(() => this.nudge(), delay + 10).unref();
      return;
    }
    this.logger.error(
      `email for ${delivery.documentId} failed after ${delivery.attempts + 1} attempts: ${reason}`,
    );
    await this.deliveries.markFailed(manager, delivery.id, reason, now);
    await this.outbox.add(manager, delivery.tenantId, 'documents.email.failed', {
      documentId: delivery.documentId,
      to: delivery.recipients,
      reason,
      requestId: delivery.requestId,
    });
  }
}
