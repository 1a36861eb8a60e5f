import { Module } from '@nestjs/common';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryWorker } from './delivery.worker';
import { EmailTemplatesRepository } from './email-templates.repository';
import { loadMailConfig, MAIL_CONFIG } from './mail.config';
import { EmlFileTransport, MailTransport, SmtpMailTransport } from './mail-transport';

/** Email: templates, the delivery queue and its worker, over SMTP or to .eml files. */
@Module({
  providers: [
    { provide: MAIL_CONFIG, useFactory: () => loadMailConfig() },
    {
      provide: MailTransport,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.smtpUrl
          ? new SmtpMailTransport(config.smtpUrl)
          : new EmlFileTransport(path.resolve(config.dataDir, 'mail')),
    },
    EmailTemplatesRepository,
    DeliveriesRepository,
    DeliveryWorker,
    DeliveryQueue,
  ],
  exports: [DeliveryQueue],
})
export class MailModule {}
