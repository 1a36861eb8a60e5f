import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SeriesKind } from '@app/contracts';

/**
 * One counter per tenant and document kind, in a table of its own because issuing locks exactly
 * this row (SELECT ... FOR UPDATE) to take the next number, and nothing else.
 */
@Entity({ name: 'number_series' })
export class NumberSeriesEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text') kind!: SeriesKind;
  @Column('text') prefix!: string;
  @Column('boolean', { name: 'yearly_reset' }) yearlyReset!: boolean;
  /** bigint arrives from pg as a string; a series will not pass 2^53. */
  @Column('bigint', {
    name: 'next_number',
    transformer: { to: (value: number) => value, from: (value: string) => Number(value) },
  })
  nextNumber!: number;
  /** Set by the first issue; from then on the prefix is fixed. */
  @Column('boolean') used!: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
