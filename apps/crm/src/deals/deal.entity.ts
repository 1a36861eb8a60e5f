import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DealStage } from '@app/contracts';

/** A row of "crm".deals. The amount stays a decimal string end to end: never a JS number. */
@Entity({ schema: 'crm', name: 'deals' })
export class Deal {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'contact_id', type: 'uuid' }) contactId!: string;
  @Column({ type: 'text' }) title!: string;
  /** NUMERIC(15,2): PostgreSQL returns it as a string with exactly two decimals. */
  @Column({ name: 'value_amount', type: 'numeric', precision: 15, scale: 2 }) valueAmount!: string;
  @Column({ name: 'value_currency', type: 'text' }) valueCurrency!: string;
  @Column({ type: 'text' }) stage!: DealStage;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
