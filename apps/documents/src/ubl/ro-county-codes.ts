/**
 * Romanian addresses as CIUS-RO wants them (BR-RO-100/110): the county as an ISO 3166-2:RO code
 * (`RO-CJ`), and for Bucharest (`RO-B`) the city replaced by its sector, `SECTOR1`..`SECTOR6`.
 *
 * Our addresses are free text typed by users, so everything here is diacritics-insensitive (both
 * the comma-below ș ț and the older cedilla ş ţ) and case-insensitive, and tries in order:
 * - the region as a code (`RO-CJ`, `CJ`, `B`) or a county name (`Cluj`, `Județul Cluj`, `jud. Cluj`,
 *   `Cluj County`, `Municipiul București`, `Bucharest`, `Sector 3`);
 * - the city, when it is a county seat (`Cluj-Napoca` → `RO-CJ`) or Bucharest;
 * - for Bucharest, the sector from the city, region or street (`Sector 3`, `sectorul 3`, `S3`
 *   is not guessed), else from the postal code, whose second digit is the sector (`030167`).
 */

/** ISO 3166-2:RO code (without `RO-`) → county name. */
export const RO_COUNTIES: Readonly<Record<string, string>> = {
  AB: 'Alba',
  AG: 'Argeș',
  AR: 'Arad',
  B: 'București',
  BC: 'Bacău',
  BH: 'Bihor',
  BN: 'Bistrița-Năsăud',
  BR: 'Brăila',
  BT: 'Botoșani',
  BV: 'Brașov',
  BZ: 'Buzău',
  CJ: 'Cluj',
  CL: 'Călărași',
  CS: 'Caraș-Severin',
  CT: 'Constanța',
  CV: 'Covasna',
  DB: 'Dâmbovița',
  DJ: 'Dolj',
  GJ: 'Gorj',
  GL: 'Galați',
  GR: 'Giurgiu',
  HD: 'Hunedoara',
  HR: 'Harghita',
  IF: 'Ilfov',
  IL: 'Ialomița',
  IS: 'Iași',
  MH: 'Mehedinți',
  MM: 'Maramureș',
  MS: 'Mureș',
  NT: 'Neamț',
  OT: 'Olt',
  PH: 'Prahova',
  SB: 'Sibiu',
  SJ: 'Sălaj',
  SM: 'Satu Mare',
  SV: 'Suceava',
  TL: 'Tulcea',
  TM: 'Timiș',
  TR: 'Teleorman',
  VL: 'Vâlcea',
  VN: 'Vrancea',
  VS: 'Vaslui',
};

/** County seats whose name differs from their county's, so a city alone can still be coded. */
const COUNTY_SEATS: Readonly<Record<string, string>> = {
  'Alba Iulia': 'AB',
  Pitești: 'AG',
  Oradea: 'BH',
  Bistrița: 'BN',
  'Cluj-Napoca': 'CJ',
  Reșița: 'CS',
  'Sfântu Gheorghe': 'CV',
  Târgoviște: 'DB',
  Craiova: 'DJ',
  'Târgu Jiu': 'GJ',
  Deva: 'HD',
  'Miercurea Ciuc': 'HR',
  Buftea: 'IF',
  Slobozia: 'IL',
  'Drobeta-Turnu Severin': 'MH',
  'Baia Mare': 'MM',
  'Târgu Mureș': 'MS',
  'Piatra Neamț': 'NT',
  Slatina: 'OT',
  Ploiești: 'PH',
  Zalău: 'SJ',
  Timișoara: 'TM',
  Alexandria: 'TR',
  'Râmnicu Vâlcea': 'VL',
  Focșani: 'VN',
};

/** Lower case, no diacritics, words separated by one space: "Județul  Bistrița-Năsăud" → "judetul bistrita nasaud". */
export function normalizeName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const NAME_TO_CODE = new Map<string, string>();
for (const [code, name] of Object.entries(RO_COUNTIES)) NAME_TO_CODE.set(normalizeName(name), code);
for (const alias of [
  'bucuresti',
  'bucharest',
  'municipiul bucuresti',
  'mun bucuresti',
  'bucharest municipality',
])
  NAME_TO_CODE.set(alias, 'B');
const SEAT_TO_CODE = new Map(Object.entries(COUNTY_SEATS).map(([name, code]) => [normalizeName(name), code]));

const COUNTY_WORDS = /^(judetul|judet|jud|county of|county|municipiul|mun)\s+|\s+(county|judet)$/;
const SECTOR = /\bsector(?:ul)?\s*([1-6])\b/;

/** The ISO 3166-2:RO code (`RO-CJ`) of a region or city as users type them, or null. */
export function roCountyCode(region: string | null | undefined, city?: string | null): string | null {
  const fromRegion = region ? countyOf(region) : null;
  if (fromRegion) return `RO-${fromRegion}`;
  if (city) {
    const normalized = normalizeName(city);
    const code = NAME_TO_CODE.get(normalized) ?? SEAT_TO_CODE.get(normalized) ?? null;
    if (code) return `RO-${code}`;
    // "București, Sector 3" or "Sector 3" typed as the city.
    if (SECTOR.test(normalized) || normalized.startsWith('bucuresti ')) return 'RO-B';
  }
  return null;
}

function countyOf(region: string): string | null {
  const trimmed = region.trim();
  const asCode = /^(?:RO-)?([A-Za-z]{1,2})$/.exec(trimmed);
  if (asCode && RO_COUNTIES[asCode[1].toUpperCase()]) return asCode[1].toUpperCase();
  const normalized = normalizeName(trimmed);
  if (SECTOR.test(normalized)) return 'B';
  return NAME_TO_CODE.get(normalized) ?? NAME_TO_CODE.get(normalized.replace(COUNTY_WORDS, '')) ?? null;
}

/**
 * The SECTOR-RO code (`SECTOR3`) of a Bucharest address: from the first of city, region, street
 * that names a sector, else from a Bucharest postal code (0 + sector digit + 4 digits), or null.
 */
export function bucharestSector(address: {
  city?: string | null;
  region?: string | null;
  street?: string | null;
  postalCode?: string | null;
}): string | null {
  for (const text of [address.city, address.region, address.street]) {
    const match = text ? SECTOR.exec(normalizeName(text)) : null;
    if (match) return `SECTOR${match[1]}`;
  }
  const postal = /^0([1-6])\d{4}$/.exec((address.postalCode ?? '').replace(/\s/g, ''));
  return postal ? `SECTOR${postal[1]}` : null;
}
