import { bucharestSector, RO_COUNTIES, roCountyCode } from './ro-county-codes';

describe('Romanian county codes (CIUS-RO BR-RO-110)', () => {
  it.each([
    ['Cluj', 'RO-CJ'],
    ['cluj', 'RO-CJ'],
    ['Județul Cluj', 'RO-CJ'],
    ['jud. Cluj', 'RO-CJ'],
    ['Cluj County', 'RO-CJ'],
    ['RO-CJ', 'RO-CJ'],
    ['cj', 'RO-CJ'],
    ['B', 'RO-B'],
    // Diacritics-insensitive, comma-below and old cedilla forms alike.
    ['Iași', 'RO-IS'],
    ['Iasi', 'RO-IS'],
    ['Timiș', 'RO-TM'],
    ['Timiş', 'RO-TM'],
    ['Bistrița-Năsăud', 'RO-BN'],
    ['bistrita nasaud', 'RO-BN'],
    ['Caraș Severin', 'RO-CS'],
    ['Dâmbovița', 'RO-DB'],
    ['Satu Mare', 'RO-SM'],
    ['Vâlcea', 'RO-VL'],
    ['Argeș', 'RO-AG'],
    ['Municipiul București', 'RO-B'],
    ['Bucuresti', 'RO-B'],
    ['Bucharest', 'RO-B'],
    ['Sector 3', 'RO-B'],
    ['Sectorul 6', 'RO-B'],
  ])('codes the region %s as %s', (region, code) => {
    expect(roCountyCode(region)).toBe(code);
  });

  it.each([
    ['Cluj-Napoca', 'RO-CJ'],
    ['Timișoara', 'RO-TM'],
    ['Târgu Mureș', 'RO-MS'],
    ['Targu Mures', 'RO-MS'],
    ['București', 'RO-B'],
    ['București, Sector 2', 'RO-B'],
    ['Brașov', 'RO-BV'],
  ])('codes a county seat typed only as the city (%s) as %s', (city, code) => {
    expect(roCountyCode(null, city)).toBe(code);
  });

  it('prefers the region to the city', () => {
    expect(roCountyCode('Ilfov', 'Voluntari')).toBe('RO-IF');
    expect(roCountyCode('', 'Oradea')).toBe('RO-BH');
  });

  it('answers null for what it cannot code rather than guess', () => {
    expect(roCountyCode('Transilvania', 'Florești')).toBeNull();
    expect(roCountyCode(null, null)).toBeNull();
    expect(roCountyCode('XX')).toBeNull();
  });

  it('knows the 42 codes the CIUS-RO rules accept', () => {
    expect(Object.keys(RO_COUNTIES)).toHaveLength(42);
  });
});

describe('Bucharest sectors (CIUS-RO BR-RO-100)', () => {
  it.each([
    [{ city: 'Sector 3' }, 'SECTOR3'],
    [{ city: 'București', region: 'Sectorul 1' }, 'SECTOR1'],
    [{ city: 'București, sector 5' }, 'SECTOR5'],
    [{ city: 'SECTOR6' }, 'SECTOR6'],
    [{ city: 'București', street: 'Str. Lipscani 10, sector 3' }, 'SECTOR3'],
    // The second digit of a Bucharest postal code is its sector.
    [{ city: 'București', region: 'București', postalCode: '040051' }, 'SECTOR4'],
  ])('finds the sector of %j: %s', (address, sector) => {
    expect(bucharestSector(address)).toBe(sector);
  });

  it('answers null without a sector or a Bucharest postal code', () => {
    expect(bucharestSector({ city: 'București', region: 'București', postalCode: '400114' })).toBeNull();
    expect(bucharestSector({ city: 'București', street: 'Sector 7 nu există' })).toBeNull();
  });
});
