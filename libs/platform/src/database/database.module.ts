import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ensureDatabase } from './ensure-database';

export interface DatabaseOptions {
  /** The schema this service owns; its migrations table lives there too. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so two instances starting at once
 * migrate one after the other instead of racing.
 */
export async function migrate(dataSource: DataSource, url: string, schema: string): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`]).catch(() => undefined);
    await lock.end();
  }
}

export function dataSourceOptions(url: string, options: DatabaseOptions) {
  return {
    type: 'postgres' as const,
    url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  };
}

/** Connects to the service's database (created if missing), migrates its schema, exposes DataSource. */
@Module({})
export class DatabaseModule {
  static forService(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl, options),
            // pg_stat_activity names the service instance behind each connection.
            applicationName: config.instanceId,
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (dsOptions) => {
            const url = (dsOptions as { url: string }).url;
            await ensureDatabase(url);
            const dataSource = new DataSource(dsOptions!);
            await dataSource.initialize();
            await migrate(dataSource, url, options.schema);
            new Logger('Database').log(`schema "${options.schema}" migrated`);
            return dataSource;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
