import { Decimal } from 'decimal.js';

/**
 * An amount in words, as a receipt (chitanță) prints it next to the figures.
 *
 * Conventions (chosen once, tested):
 * - The amount is rounded to 2 decimals (half away from zero). The whole part is always spoken,
 *   zero included; the hundredths are added after "și" / "and" only when not zero:
 *   0.01 RON → "zero lei și un ban", 1 RON → "un leu", 2500.50 RON → "două mii cinci sute de lei și
 *   cincizeci de bani".
 * - Romanian grammar: "un leu", "doi lei", "douăzeci de lei" (the "de" before the noun when the
 *   number ends in 20–99 or 00, from 20 on), "o sută unu lei", "o mie", "două mii", "un milion",
 *   "două milioane", "un miliard"; gender follows the noun counted (două mii, doi lei, douăzeci și
 *   una de mii). Scales: mie 10³, milion 10⁶, miliard 10⁹, bilion 10¹².
 * - English: cheque style without "and" inside the number ("one hundred one"), hyphenated tens
 *   ("twenty-one"), short scale (billion 10⁹, trillion 10¹²).
 * - Currencies with names: RON (leu/lei, ban/bani), EUR, USD. Any other code is printed after the
 *   number as is, with the hundredths as a fraction: "o sută GBP și 50/100".
 * - Negative amounts (stornos) start with "minus".
 */
export type WordsLanguage = 'ro' | 'en';

type Gender = 'm' | 'f' | 'n';

interface Noun {
  one: string;
  many: string;
  gender: Gender;
}

interface CurrencyNames {
  unit: Noun;
  /** Null: the hundredths are printed as a fraction (NN/100). */
  cent: Noun | null;
}

const CURRENCIES: Record<WordsLanguage, Record<string, CurrencyNames>> = {
  ro: {
    RON: { unit: { one: 'leu', many: 'lei', gender: 'm' }, cent: { one: 'ban', many: 'bani', gender: 'm' } },
    EUR: {
      unit: { one: 'euro', many: 'euro', gender: 'm' },
      cent: { one: 'cent', many: 'cenți', gender: 'm' },
    },
    USD: {
      unit: { one: 'dolar', many: 'dolari', gender: 'm' },
      cent: { one: 'cent', many: 'cenți', gender: 'm' },
    },
  },
  en: {
    RON: { unit: { one: 'leu', many: 'lei', gender: 'n' }, cent: { one: 'ban', many: 'bani', gender: 'n' } },
    EUR: {
      unit: { one: 'euro', many: 'euros', gender: 'n' },
      cent: { one: 'cent', many: 'cents', gender: 'n' },
    },
    USD: {
      unit: { one: 'dollar', many: 'dollars', gender: 'n' },
      cent: { one: 'cent', many: 'cents', gender: 'n' },
    },
  },
};

export function amountInWords(amount: string, currency: string, language: WordsLanguage): string {
  const value = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const negative = value.isNegative() && !value.isZero();
  const absolute = value.abs();
  const whole = BigInt(absolute.floor().toFixed(0));
  const cents = Number(absolute.minus(absolute.floor()).times(100).toFixed(0));
  const code = currency.toUpperCase();
  const names: CurrencyNames = CURRENCIES[language][code] ?? {
    unit: { one: code, many: code, gender: 'm' },
    cent: null,
  };
  const count = language === 'ro' ? countRo : countEn;
  let words = count(whole, names.unit);
  if (cents > 0) {
    const and = language === 'ro' ? 'și' : 'and';
    words += names.cent
      ? ` ${and} ${count(BigInt(cents), names.cent)}`
      : ` ${and} ${String(cents).padStart(2, '0')}/100`;
  }
  return negative ? `minus ${words}` : words;
}

// ---------------------------------------------------------------------------------------------
// Romanian
// ---------------------------------------------------------------------------------------------

const RO_UNITS = ['', '', '', 'trei', 'patru', 'cinci', 'șase', 'șapte', 'opt', 'nouă'];
const RO_TEENS = [
  'zece',
  'unsprezece',
  '',
  'treisprezece',
  'paisprezece',
  'cincisprezece',
  'șaisprezece',
  'șaptesprezece',
  'optsprezece',
  'nouăsprezece',
];
const RO_TENS = [
  '',
  '',
  'douăzeci',
  'treizeci',
  'patruzeci',
  'cincizeci',
  'șaizeci',
  'șaptezeci',
  'optzeci',
  'nouăzeci',
];

const RO_SCALES: Noun[] = [
  { one: 'mie', many: 'mii', gender: 'f' },
  { one: 'milion', many: 'milioane', gender: 'n' },
  { one: 'miliard', many: 'miliarde', gender: 'n' },
  { one: 'bilion', many: 'bilioane', gender: 'n' },
];

function roDigit(digit: number, gender: Gender): string {
  if (digit === 1) return gender === 'f' ? 'una' : 'unu';
  if (digit === 2) return gender === 'm' ? 'doi' : 'două';
  return RO_UNITS[digit];
}

/** 1..999 as a numeral agreeing with the noun's gender ("doi", "două", "douăzeci și una"). */
function roBelowThousand(n: number, gender: Gender): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 1) parts.push('o sută');
  else if (hundreds > 1) parts.push(`${roDigit(hundreds, 'f')} sute`);
  if (rest > 0 && rest < 10) parts.push(roDigit(rest, gender));
  else if (rest >= 10 && rest < 20)
    parts.push(rest === 12 ? (gender === 'm' ? 'doisprezece' : 'douăsprezece') : RO_TEENS[rest - 10]);
  else if (rest >= 20) {
    const unit = rest % 10;
    parts.push(
      unit ? `${RO_TENS[Math.floor(rest / 10)]} și ${roDigit(unit, gender)}` : RO_TENS[Math.floor(rest / 10)],
    );
  }
  return parts.join(' ');
}

/** "de" goes before the noun when the number ends in 20–99 or in 00 (from 20 on). */
function roNeedsDe(n: bigint): boolean {
  const lastTwo = n % 100n;
  return n >= 20n && (lastTwo === 0n || lastTwo >= 20n);
}

/** The number alone (no noun), agreeing with `gender`. */
function roNumber(n: bigint, gender: Gender): string {
  if (n === 0n) return 'zero';
  const groups: number[] = [];
  for (let rest = n; rest > 0n; rest /= 1000n) groups.push(Number(rest % 1000n));
  if (groups.length > RO_SCALES.length + 1) throw new RangeError('amount too large to write in words');
  const parts: string[] = [];
  for (let index = groups.length - 1; index >= 1; index--) {
    const group = groups[index];
    if (group > 0) parts.push(countRo(BigInt(group), RO_SCALES[index - 1]));
  }
  if (groups[0] > 0) parts.push(roBelowThousand(groups[0], gender));
  return parts.join(' ');
}

/** The number with its noun: "un leu", "doi lei", "douăzeci de lei", "o mie", "două milioane". */
function countRo(n: bigint, noun: Noun): string {
  if (n === 1n) return `${noun.gender === 'f' ? 'o' : 'un'} ${noun.one}`;
  return `${roNumber(n, noun.gender)}${roNeedsDe(n) ? ' de' : ''} ${noun.many}`;
}

// ---------------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------------

const EN_SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['thousand', 'million', 'billion', 'trillion'];

function enBelowThousand(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) parts.push(`${EN_SMALL[hundreds]} hundred`);
  if (rest > 0 && rest < 20) parts.push(EN_SMALL[rest]);
  else if (rest >= 20)
    parts.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_SMALL[rest % 10]}` : EN_TENS[rest / 10]);
  return parts.join(' ');
}

function enNumber(n: bigint): string {
  if (n === 0n) return 'zero';
  const groups: number[] = [];
  for (let rest = n; rest > 0n; rest /= 1000n) groups.push(Number(rest % 1000n));
  if (groups.length > EN_SCALES.length + 1) throw new RangeError('amount too large to write in words');
  const parts: string[] = [];
  for (let index = groups.length - 1; index >= 0; index--) {
    const group = groups[index];
    if (group === 0) continue;
    parts.push(index === 0 ? enBelowThousand(group) : `${enBelowThousand(group)} ${EN_SCALES[index - 1]}`);
  }
  return parts.join(' ');
}

function countEn(n: bigint, noun: Noun): string {
  return `${enNumber(n)} ${n === 1n ? noun.one : noun.many}`;
}
