import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { ServiceName } from '@app/contracts';
import { Clock, clockFromConfig } from './clock/clock';
import { APP_CONFIG, type AppConfig, loadConfig } from './config/app-config';
import { DatabaseModule, type DatabaseOptions } from './database/database.module';
import { HealthHandler } from './health/health.handler';
import { AmqpConnection } from './messaging/amqp-connection';
import { EventConsumer } from './messaging/event-consumer';
import { Outbox } from './messaging/outbox';
import { OutboxRelay } from './messaging/outbox.relay';
import { RpcClient } from './messaging/rpc-client';
import { RpcServer } from './messaging/rpc-server';

export interface PlatformOptions extends Omit<DatabaseOptions, 'schema'> {
  service: ServiceName;
  /** Overrides for tests: a fixed clock, another configuration. */
  config?: AppConfig;
  clock?: Clock;
}

/**
 * What every service does the same way: typed configuration, the clock, its own database schema
 * (migrated at start), the broker connection, RPC server and client, outbox relay, event consumer
 * with inbox, and the health query.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const config = options.config ?? loadConfig(options.service);
    const clock = options.clock ?? clockFromConfig(config.clockNow);
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: clock },
      AmqpConnection,
      RpcServer,
      RpcClient,
      OutboxRelay,
      Outbox,
      EventConsumer,
      HealthHandler,
    ];
    return {
      module: PlatformModule,
      imports: [
        DiscoveryModule,
        DatabaseModule.forService({
          schema: options.service,
          entities: options.entities,
          migrations: options.migrations,
          poolSize: options.poolSize,
        }),
      ],
      providers,
      exports: [APP_CONFIG, Clock, AmqpConnection, RpcServer, RpcClient, Outbox, DatabaseModule],
    };
  }
}
