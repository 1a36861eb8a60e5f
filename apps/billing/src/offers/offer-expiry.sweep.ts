import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OffersService } from './offers.service';

/** How often each billing instance looks for offers past their validity. */
export const OFFER_SWEEP_INTERVAL_MS = 60_000;

/**
 * Marks offers `expired` once their validity has passed, so lists and subscribers see it without
 * anyone touching the offer (acting on one expires it at once anyway). Every instance sweeps; they
 * skip the rows another is expiring, and each offer is expired, with its event, exactly once.
 */
@Injectable()
export class OfferExpirySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OfferExpiry');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly offers: OffersService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), OFFER_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  sweep(): Promise<void> {
    this.running ??= this.offers
      .expireDue()
      .then((count) => {
        if (count) this.logger.log(`${count} offer(s) expired`);
      })
      .catch((error: unknown) => this.logger.warn(`offer expiry sweep failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
