import 'reflect-metadata';
import { bootstrapWorker } from '@app/platform';
import { DocumentsModule } from './app.module';

void bootstrapWorker(DocumentsModule, 'documents');
