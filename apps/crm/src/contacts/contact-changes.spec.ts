import { applyContactChanges, newContact } from './contact-changes';

const created = new Date('2025-01-01T00:00:00.000Z');
const later = new Date('2025-01-02T00:00:00.000Z');

const contact = () =>
  newContact('b3c1e7a4-0000-4000-8000-000000000001', 'b3c1e7a4-0000-4000-8000-000000000002', created, {
    type: 'company',
    name: '=HYPERLINK("x")',
    phone: '0721',
    address: { street: 'Str. Lungă 1', city: 'Iași', country: 'ro' },
  });

describe('contact changes', () => {
  it('keeps text verbatim but upper-cases the country code', () => {
    expect(contact()).toMatchObject({
      name: '=HYPERLINK("x")',
      addressCity: 'Iași',
      addressCountry: 'RO',
      email: null,
    });
  });

  it('changes only the given fields, clears with null, and merges the address', () => {
    const c = contact();
    const changed = applyContactChanges(
      c,
      { phone: null, address: { city: 'Cluj', street: undefined } },
      later,
    );
    expect(changed).toEqual(['phone', 'address.city']);
    expect(c).toMatchObject({
      phone: null,
      addressStreet: 'Str. Lungă 1',
      addressCity: 'Cluj',
      addressCountry: 'RO',
    });
    expect(c.updatedAt).toEqual(later);
  });

  it('clears the whole address with address: null', () => {
    const c = contact();
    applyContactChanges(c, { address: null }, later);
    expect([c.addressStreet, c.addressCity, c.addressRegion, c.addressPostalCode, c.addressCountry]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('reports no change (and keeps updatedAt) when the PATCH repeats current values', () => {
    const c = contact();
    expect(applyContactChanges(c, { name: '=HYPERLINK("x")', address: { country: 'RO' } }, later)).toEqual(
      [],
    );
    expect(c.updatedAt).toEqual(created);
  });
});
