import { Decimal } from 'decimal.js';
import {
  SERIES_KINDS,
  type Address,
  type FieldProblem,
  type SeriesKind,
  type SeriesView,
  type SettingsView,
  type UpdateSettingsDto,
} from '@app/contracts';
import { DomainError, unprocessable } from '@app/platform';
import { canonicalRate } from '../common/decimal-text';
import { DEFAULT_SETTINGS } from './settings.defaults';

export interface SeriesState extends SeriesView {
  used: boolean;
}

/** Settings as billing keeps them: the API shape plus whether each series has issued a number. */
export interface SettingsState extends Omit<SettingsView, 'series'> {
  series: Record<SeriesKind, SeriesState>;
}

const pick = <T>(patched: T | undefined, current: T): T => (patched === undefined ? current : patched);

/** IBANs are stored without spaces and in capitals, as they are validated and printed. */
const normalizeIban = (iban: string | null) =>
  iban === null ? null : iban.replace(/[\s-]+/g, '').toUpperCase();

/**
 * Applies a PATCH to the current settings and returns the new state, or throws: 422 listing every
 * rule the result would break (with field paths), 409 when a used series would change.
 *
 * A tenant that is not VAT registered charges no VAT (SPEC: 0 % on every line, category exempt), so
 * its allowed rates are exactly ["0"]: switching registration off sets them, and asking for other
 * rates at the same time is refused. Switching it back on without giving rates restores the
 * Romanian defaults rather than leaving a VAT payer with only 0 %.
 */
export function applySettingsPatch(current: SettingsState, patch: UpdateSettingsDto): SettingsState {
  const problems: FieldProblem[] = [];
  const company = patch.company;
  const address: Address = { ...current.company.address };
  if (company?.address)
    for (const key of ['street', 'city', 'region', 'postalCode', 'country'] as const)
      address[key] = pick(company.address[key], address[key]) ?? null;

  const vatRegistered = pick(patch.vatRegistered, current.vatRegistered);
  let vatRates = patch.vatRates?.map((rate) => canonicalRate(rate)) ?? current.vatRates;
  if (patch.vatRates) {
    patch.vatRates.forEach((rate, index) => {
      if (new Decimal(rate).greaterThan(100))
        problems.push({ path: `vatRates.${index}`, message: `VAT rate "${rate}" must be between 0 and 100` });
    });
    if (new Set(vatRates).size !== vatRates.length)
      problems.push({ path: 'vatRates', message: 'each VAT rate may appear only once' });
  }
  if (!vatRegistered) {
    if (patch.vatRates && !(vatRates.length === 1 && vatRates[0] === '0'))
      problems.push({
        path: 'vatRates',
        message: 'a tenant that is not VAT registered can only use the 0 % rate: vatRates must be ["0"]',
      });
    vatRates = ['0'];
  } else if (!current.vatRegistered && !patch.vatRates) {
    vatRates = [...DEFAULT_SETTINGS.vatRates];
  }

  const currencies = pick(patch.currencies, current.currencies);
  const defaultCurrency = pick(patch.defaultCurrency, current.defaultCurrency);
  if (!currencies.includes(defaultCurrency))
    problems.push({
      path: 'defaultCurrency',
      message: `defaultCurrency "${defaultCurrency}" must be one of the currencies (${currencies.join(', ')})`,
    });

  const conflicts: string[] = [];
  const series = { ...current.series };
  for (const kind of SERIES_KINDS) {
    const change = patch.series?.[kind];
    if (!change) continue;
    const before = current.series[kind];
    const next = { ...before, prefix: pick(change.prefix, before.prefix) };
    next.yearlyReset = pick(change.yearlyReset, before.yearlyReset);
    // Numbers already issued were printed with this format: changing it would break the sequence.
    if (before.used && next.prefix !== before.prefix)
      conflicts.push(`the ${kind} series has issued numbers, so its prefix can no longer change`);
    if (before.used && next.yearlyReset !== before.yearlyReset)
      conflicts.push(`the ${kind} series has issued numbers, so its yearly reset can no longer change`);
    series[kind] = next;
  }
  const byPrefix = new Map<string, SeriesKind>();
  for (const kind of SERIES_KINDS) {
    const prefix = series[kind].prefix.toUpperCase();
    const other = byPrefix.get(prefix);
    if (other && (patch.series?.[kind] || patch.series?.[other]))
      problems.push({
        path: `series.${patch.series?.[kind] ? kind : other}.prefix`,
        message: `prefix "${series[kind].prefix}" is already used by the ${patch.series?.[kind] ? other : kind} series`,
      });
    byPrefix.set(prefix, kind);
  }

  if (problems.length) throw unprocessable('The settings are not valid', problems);
  if (conflicts.length) throw new DomainError('CONFLICT', conflicts.join('; '));

  return {
    company: {
      legalName: pick(company?.legalName, current.company.legalName) ?? null,
      vatId: pick(company?.vatId, current.company.vatId) ?? null,
      registrationNumber: pick(company?.registrationNumber, current.company.registrationNumber) ?? null,
      address,
      bankName: pick(company?.bankName, current.company.bankName) ?? null,
      iban: company?.iban === undefined ? current.company.iban : normalizeIban(company.iban),
      email: pick(company?.email, current.company.email) ?? null,
      phone: pick(company?.phone, current.company.phone) ?? null,
    },
    timeZone: pick(patch.timeZone, current.timeZone),
    vatRegistered,
    vatExemptionNote: pick(patch.vatExemptionNote, current.vatExemptionNote),
    vatRates,
    units: pick(patch.units, current.units),
    currencies,
    defaultCurrency,
    defaultPaymentTermDays: pick(patch.defaultPaymentTermDays, current.defaultPaymentTermDays),
    defaultPaymentMethod: pick(patch.defaultPaymentMethod, current.defaultPaymentMethod),
    series,
    emailSenderName: patch.emailSenderName === undefined ? current.emailSenderName : patch.emailSenderName,
    language: pick(patch.language, current.language),
    draftOnDealWon: pick(patch.draftOnDealWon, current.draftOnDealWon),
  };
}
