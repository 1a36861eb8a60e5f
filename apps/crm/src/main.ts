import 'reflect-metadata';
import { bootstrapWorker } from '@app/platform';
import { CrmModule } from './app.module';

void bootstrapWorker(CrmModule, 'crm');
