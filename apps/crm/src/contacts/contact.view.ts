import type { ContactView } from '@app/contracts';
import type { Contact } from './contact.entity';

/** The contact as the API and the events show it: every field present, `null` when empty. */
export function toContactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    type: contact.type,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    address: {
      street: contact.addressStreet,
      city: contact.addressCity,
      region: contact.addressRegion,
      postalCode: contact.addressPostalCode,
      country: contact.addressCountry,
    },
    vatId: contact.vatId,
    registrationNumber: contact.registrationNumber,
    notes: contact.notes,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}
