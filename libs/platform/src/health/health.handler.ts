import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthView } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RpcServer } from '../messaging/rpc-server';

/** Answers `<service>.health`: the service is up and reaches its database. */
@Injectable()
export class HealthHandler implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly rpc: RpcServer,
  ) {}

  onModuleInit(): void {
    this.rpc.register(`${this.config.service}.health`, () => this.check());
  }

  async check(): Promise<HealthView> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return {
      service: this.config.service,
      status: database ? 'ok' : 'degraded',
      database,
      instance: this.config.instanceId,
    };
  }
}
