import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContactType } from '@app/contracts';

/** A row of "crm".contacts. Persistence only: the API shape is ContactView (see contact.view.ts). */
@Entity({ schema: 'crm', name: 'contacts' })
export class Contact {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) type!: ContactType;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ name: 'address_street', type: 'text', nullable: true }) addressStreet!: string | null;
  @Column({ name: 'address_city', type: 'text', nullable: true }) addressCity!: string | null;
  @Column({ name: 'address_region', type: 'text', nullable: true }) addressRegion!: string | null;
  @Column({ name: 'address_postal_code', type: 'text', nullable: true }) addressPostalCode!: string | null;
  @Column({ name: 'address_country', type: 'text', nullable: true }) addressCountry!: string | null;
  @Column({ name: 'vat_id', type: 'text', nullable: true }) vatId!: string | null;
  @Column({ name: 'registration_number', type: 'text', nullable: true }) registrationNumber!: string | null;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
