import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesSql } from '@app/platform';

export class Messaging1700000000000 implements MigrationInterface {
  name = 'Messaging1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql('gateway')) await runner.query(sql);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "gateway".inbox');
    await runner.query('DROP TABLE "gateway".outbox');
  }
}
