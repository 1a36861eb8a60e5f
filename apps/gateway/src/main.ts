import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig, AppLogger } from '@app/platform';
import { GatewayModule } from './app.module';
import { DOCS_PATH } from './docs/openapi';
import { API_PREFIX, configureGateway } from './http/configure';

async function bootstrap(): Promise<void> {
  const logger = new AppLogger();
  try {
    const app = await NestFactory.create<NestExpressApplication>(GatewayModule, {
      logger,
      bodyParser: false, // configureGateway installs it with our limit and types
      abortOnError: false,
    });
    configureGateway(app);
    const config = app.get<AppConfig>(APP_CONFIG);
    await app.listen(config.port);
    const base = `http://localhost:${config.port}`;
    logger.log(`gateway listening on ${base}/${API_PREFIX} (docs: ${base}/${DOCS_PATH})`, 'Bootstrap');
  } catch (error) {
    logger.fatal(`gateway failed to start: ${(error as Error).message}`, 'Bootstrap');
    process.exit(1);
  }
}

void bootstrap();
