import 'reflect-metadata';
import { bootstrapWorker } from '@app/platform';
import { BillingModule } from './app.module';

void bootstrapWorker(BillingModule, 'billing');
