import 'reflect-metadata';
import { bootstrapWorker } from '@app/platform';
import { SchedulerModule } from './app.module';

void bootstrapWorker(SchedulerModule, 'scheduler');
