import type { AddressDto, CreateContactDto, UpdateContactDto } from '@app/contracts';
import { Contact } from './contact.entity';

// Pure rules for what a create or a PATCH does to a contact; the handler only persists the result.
// Text is kept exactly as sent (diacritics, quotes, leading "=" of spreadsheet formulas); only the
// country code is upper-cased, because it is a code, not text.

type AddressColumns = Pick<
  Contact,
  'addressStreet' | 'addressCity' | 'addressRegion' | 'addressPostalCode' | 'addressCountry'
>;

const ADDRESS_COLUMNS: Record<keyof AddressDto, keyof AddressColumns> = {
  street: 'addressStreet',
  city: 'addressCity',
  region: 'addressRegion',
  postalCode: 'addressPostalCode',
  country: 'addressCountry',
};

/** Optional fields that a PATCH may set or clear with `null`. */
const OPTIONAL_FIELDS = ['email', 'phone', 'vatId', 'registrationNumber', 'notes'] as const;

function addressValue(field: keyof AddressDto, value: string | null | undefined): string | null {
  if (value == null) return null;
  return field === 'country' ? value.toUpperCase() : value;
}

export function newContact(tenantId: string, id: string, now: Date, dto: CreateContactDto): Contact {
  const contact = new Contact();
  Object.assign(contact, {
    tenantId,
    id,
    type: dto.type,
    name: dto.name,
    email: dto.email ?? null,
    phone: dto.phone ?? null,
    vatId: dto.vatId ?? null,
    registrationNumber: dto.registrationNumber ?? null,
    notes: dto.notes ?? null,
    createdAt: now,
    updatedAt: now,
  });
  for (const [field, column] of Object.entries(ADDRESS_COLUMNS) as Array<
    [keyof AddressDto, keyof AddressColumns]
  >)
    contact[column] = addressValue(field, dto.address?.[field]);
  return contact;
}

/**
 * Applies a PATCH: fields left out stay, `null` clears, the address merges field by field and
 * `address: null` clears all of it. Returns the fields that really changed (empty: nothing to save).
 */
export function applyContactChanges(contact: Contact, changes: UpdateContactDto, now: Date): string[] {
  const changed: string[] = [];
  const set = <K extends keyof Contact>(column: K, value: Contact[K], path: string) => {
    if (contact[column] === value) return;
    contact[column] = value;
    changed.push(path);
  };
  if (changes.type !== undefined) set('type', changes.type, 'type');
  if (changes.name !== undefined) set('name', changes.name, 'name');
  for (const field of OPTIONAL_FIELDS)
    if (changes[field] !== undefined) set(field, changes[field] ?? null, field);
  if (changes.address !== undefined)
    for (const [field, column] of Object.entries(ADDRESS_COLUMNS) as Array<
      [keyof AddressDto, keyof AddressColumns]
    >) {
      const value = changes.address === null ? null : changes.address[field];
      if (value !== undefined) set(column, addressValue(field, value), `address.${field}`);
    }
  if (changed.length) contact.updatedAt = now;
  return changed;
}
