import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from '../logging/app-logger';

/**
 * Starts a service that has no HTTP port (crm, billing, documents, scheduler): it only listens to
 * RabbitMQ. Shutdown hooks close the broker connection and database pool on SIGTERM/SIGINT.
 */
export async function bootstrapWorker(module: unknown, name: string): Promise<INestApplicationContext> {
  const logger = new AppLogger();
  try {
    const app = await NestFactory.createApplicationContext(module as never, { logger, abortOnError: false });
    app.enableShutdownHooks();
    await app.init();
    logger.log(`${name} ready`, 'Bootstrap');
    return app;
  } catch (error) {
    logger.fatal(`${name} failed to start: ${(error as Error).message}`, 'Bootstrap');
    process.exit(1);
  }
}
