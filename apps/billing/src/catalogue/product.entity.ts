import { Decimal } from 'decimal.js';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProductType } from '@app/contracts';
import { decimalTransformer } from '@app/platform';

/** A catalogue entry. Name unique per tenant ignoring case; code unique when present. */
@Entity({ name: 'products' })
export class ProductEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) code!: string | null;
  @Column('text') type!: ProductType;
  @Column('text') unit!: string;
  @Column('text', { name: 'product_group', nullable: true }) group!: string | null;
  @Column('text') currency!: string;
  @Column('numeric', {
    name: 'unit_price',
    precision: 19,
    scale: 4,
    nullable: true,
    transformer: decimalTransformer,
  })
  unitPrice!: Decimal | null;
  @Column('numeric', { name: 'vat_rate', precision: 5, scale: 2, transformer: decimalTransformer })
  vatRate!: Decimal;
  @Column('boolean') active!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
