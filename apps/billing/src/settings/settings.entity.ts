import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language, PaymentMethod } from '@app/contracts';

/** One row per tenant: company details and billing defaults. Series live in `number_series`. */
@Entity({ name: 'settings' })
export class SettingsEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { name: 'legal_name', nullable: true }) legalName!: string | null;
  @Column('text', { name: 'vat_id', nullable: true }) vatId!: string | null;
  @Column('text', { name: 'registration_number', nullable: true }) registrationNumber!: string | null;
  @Column('text', { nullable: true }) street!: string | null;
  @Column('text', { nullable: true }) city!: string | null;
  @Column('text', { nullable: true }) region!: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode!: string | null;
  @Column('text', { nullable: true }) country!: string | null;
  @Column('text', { name: 'bank_name', nullable: true }) bankName!: string | null;
  @Column('text', { nullable: true }) iban!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('boolean', { name: 'vat_registered' }) vatRegistered!: boolean;
  @Column('text', { name: 'vat_exemption_note' }) vatExemptionNote!: string;
  @Column('text', { name: 'vat_rates', array: true }) vatRates!: string[];
  @Column('text', { array: true }) units!: string[];
  @Column('text', { array: true }) currencies!: string[];
  @Column('text', { name: 'default_currency' }) defaultCurrency!: string;
  @Column('integer', { name: 'default_payment_term_days' }) defaultPaymentTermDays!: number;
  @Column('text', { name: 'default_payment_method' }) defaultPaymentMethod!: PaymentMethod;
  @Column('text', { name: 'email_sender_name', nullable: true }) emailSenderName!: string | null;
  @Column('text') language!: Language;
  @Column('boolean', { name: 'draft_on_deal_won' }) draftOnDealWon!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
