import { Injectable } from '@nestjs/common';
import { SERIES_KINDS, type SeriesKind } from '@app/contracts';
import { Clock } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type SettingsState } from './settings-patch';
import { DEFAULT_SERIES_PREFIX, DEFAULT_SETTINGS } from './settings.defaults';
import { NumberSeriesEntity } from './number-series.entity';
import { SettingsEntity } from './settings.entity';

export interface CompanySeed {
  legalName: string;
  country: string;
}

/** Reads and writes a tenant's settings row and its four number series. */
@Injectable()
export class SettingsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Creates the default settings and series when missing. INSERT ... ON CONFLICT DO NOTHING: two
   * first requests of a tenant racing each other both succeed and create one row.
   */
  async ensureDefaults(manager: EntityManager, tenantId: string, seed?: CompanySeed): Promise<void> {
    const now = this.clock.now();
    const row: SettingsEntity = {
      tenantId,
      legalName: seed?.legalName ?? null,
      vatId: null,
      registrationNumber: null,
      street: null,
      city: null,
      region: null,
      postalCode: null,
      country: seed?.country ?? null,
      bankName: null,
      iban: null,
      email: null,
      phone: null,
      ...DEFAULT_SETTINGS,
      vatRates: [...DEFAULT_SETTINGS.vatRates],
      units: [...DEFAULT_SETTINGS.units],
      currencies: [...DEFAULT_SETTINGS.currencies],
      emailSenderName: seed?.legalName ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if (seed)
      // Sign-up fills the company only where nobody has filled it yet, so repeating it changes nothing.
      await manager.query(
        `INSERT INTO billing.settings AS s (tenant_id, legal_name, country, email_sender_name, time_zone,
           vat_registered, vat_exemption_note, vat_rates, units, currencies, default_currency,
           default_payment_term_days, default_payment_method, language, draft_on_deal_won, created_at, updated_at)
         VALUES ($1, $2, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
         ON CONFLICT (tenant_id) DO UPDATE SET
           legal_name = COALESCE(s.legal_name, EXCLUDED.legal_name),
           country = COALESCE(s.country, EXCLUDED.country),
           email_sender_name = COALESCE(s.email_sender_name, EXCLUDED.email_sender_name)`,
        [
          tenantId,
          seed.legalName,
          seed.country,
          row.timeZone,
          row.vatRegistered,
          row.vatExemptionNote,
          row.vatRates,
          row.units,
          row.currencies,
          row.defaultCurrency,
          row.defaultPaymentTermDays,
          row.defaultPaymentMethod,
          row.language,
          row.draftOnDealWon,
          now,
        ],
      );
    else await manager.createQueryBuilder().insert().into(SettingsEntity).values(row).orIgnore().execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into(NumberSeriesEntity)
      .values(
        SERIES_KINDS.map((kind) => ({
          tenantId,
          kind,
          prefix: DEFAULT_SERIES_PREFIX[kind],
          yearlyReset: false,
          nextNumber: 1,
          used: false,
          updatedAt: now,
        })),
      )
      .orIgnore()
      .execute();
  }

  /** The tenant's settings, or null when none were created yet. `lock` holds them until commit. */
  async load(manager: EntityManager, tenantId: string, lock = false): Promise<SettingsState | null> {
    const settings = await manager.findOne(SettingsEntity, {
      where: { tenantId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!settings) return null;
    const rows = await manager.find(NumberSeriesEntity, {
      where: { tenantId },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (rows.length !== SERIES_KINDS.length) return null;
    const series = Object.fromEntries(
      rows.map((r) => [
        r.kind,
        { prefix: r.prefix, yearlyReset: r.yearlyReset, nextNumber: r.nextNumber, used: r.used },
      ]),
    ) as SettingsState['series'];
    return toState(settings, series);
  }

  /**
   * The tenant's settings and series as they are committed now, in one statement outside any
   * transaction (one statement reads one snapshot), with the settings row's version (`xmin`);
   * null when none were created yet.
   */
  async loadCommitted(tenantId: string): Promise<{ state: SettingsState; version: string } | null> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT s.xmin::text AS version, s.legal_name, s.vat_id, s.registration_number, s.street, s.city, s.region, s.postal_code,
              s.country, s.bank_name, s.iban, s.email, s.phone, s.time_zone, s.vat_registered,
              s.vat_exemption_note, s.vat_rates, s.units, s.currencies, s.default_currency,
              s.default_payment_term_days, s.default_payment_method, s.email_sender_name, s.language,
              s.draft_on_deal_won,
              (SELECT json_agg(json_build_object('kind', n.kind, 'prefix', n.prefix,
                        'yearlyReset', n.yearly_reset, 'nextNumber', n.next_number::text, 'used', n.used))
                 FROM billing.number_series n WHERE n.tenant_id = s.tenant_id) AS series
         FROM billing.settings s WHERE s.tenant_id = $1`,
      [tenantId],
    );
    if (!rows.length) return null;
    const row = rows[0];
    const seriesRows = (row.series ?? []) as Array<{
      kind: SeriesKind;
      prefix: string;
      yearlyReset: boolean;
      nextNumber: string;
      used: boolean;
    }>;
    if (seriesRows.length !== SERIES_KINDS.length) return null;
    const series = Object.fromEntries(
      seriesRows.map((r) => [
        r.kind,
        { prefix: r.prefix, yearlyReset: r.yearlyReset, nextNumber: Number(r.nextNumber), used: r.used },
      ]),
    ) as SettingsState['series'];
    const state = toState(
      {
        legalName: row.legal_name,
        vatId: row.vat_id,
        registrationNumber: row.registration_number,
        street: row.street,
        city: row.city,
        region: row.region,
        postalCode: row.postal_code,
        country: row.country,
        bankName: row.bank_name,
        iban: row.iban,
        email: row.email,
        phone: row.phone,
        timeZone: row.time_zone,
        vatRegistered: row.vat_registered,
        vatExemptionNote: row.vat_exemption_note,
        vatRates: row.vat_rates,
        units: row.units,
        currencies: row.currencies,
        defaultCurrency: row.default_currency,
        defaultPaymentTermDays: row.default_payment_term_days,
        defaultPaymentMethod: row.default_payment_method,
        emailSenderName: row.email_sender_name,
        language: row.language,
        draftOnDealWon: row.draft_on_deal_won,
      } as unknown as SettingsEntity,
      series,
    );
    return { state, version: row.version as string };
  }

  async save(manager: EntityManager, tenantId: string, state: SettingsState): Promise<void> {
    const now = this.clock.now();
    const { company } = state;
    await manager.update(
      SettingsEntity,
      { tenantId },
      {
        legalName: company.legalName,
        vatId: company.vatId,
        registrationNumber: company.registrationNumber,
        ...company.address,
        bankName: company.bankName,
        iban: company.iban,
        email: company.email,
        phone: company.phone,
        timeZone: state.timeZone,
        vatRegistered: state.vatRegistered,
        vatExemptionNote: state.vatExemptionNote,
        vatRates: state.vatRates,
        units: state.units,
        currencies: state.currencies,
        defaultCurrency: state.defaultCurrency,
        defaultPaymentTermDays: state.defaultPaymentTermDays,
        defaultPaymentMethod: state.defaultPaymentMethod,
        emailSenderName: state.emailSenderName,
        language: state.language,
        draftOnDealWon: state.draftOnDealWon,
        updatedAt: now,
      },
    );
    // Only prefix and yearly reset: the counter belongs to numbering and is never written here.
    for (const kind of SERIES_KINDS as readonly SeriesKind[])
      await manager.update(
        NumberSeriesEntity,
        { tenantId, kind },
        { prefix: state.series[kind].prefix, yearlyReset: state.series[kind].yearlyReset, updatedAt: now },
      );
  }
}

function toState(row: SettingsEntity, series: SettingsState['series']): SettingsState {
  return {
    company: {
      legalName: row.legalName,
      vatId: row.vatId,
      registrationNumber: row.registrationNumber,
      address: {
        street: row.street,
        city: row.city,
        region: row.region,
        postalCode: row.postalCode,
        country: row.country,
      },
      bankName: row.bankName,
      iban: row.iban,
      email: row.email,
      phone: row.phone,
    },
    timeZone: row.timeZone,
    vatRegistered: row.vatRegistered,
    vatExemptionNote: row.vatExemptionNote,
    vatRates: row.vatRates,
    units: row.units,
    currencies: row.currencies,
    defaultCurrency: row.defaultCurrency,
    defaultPaymentTermDays: row.defaultPaymentTermDays,
    defaultPaymentMethod: row.defaultPaymentMethod,
    series,
    emailSenderName: row.emailSenderName,
    language: row.language,
    draftOnDealWon: row.draftOnDealWon,
  };
}
