/**
 * Text as the XML and CIUS-RO want it. CIUS-RO caps many fields (BR-RO-Lnnn: item name 100,
 * street 150, city 50, note 300, ...), counted in characters as XPath counts them, that is Unicode
 * code points, not the UTF-16 units of String.length: "ș" is one either way, an emoji is not.
 */

// Characters XML 1.0 cannot carry at all (control characters other than tab and line breaks).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Without characters XML cannot carry, trimmed; null when nothing is left. */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const cleaned = value.replace(NOT_XML, '').trim();
  return cleaned === '' ? null : cleaned;
}

/** One line: runs of white space (line breaks included) become one space. */
export function oneLine(value: string | null | undefined): string | null {
  const cleaned = cleanText(value);
  return cleaned === null ? null : cleaned.replace(/\s+/g, ' ');
}

export function codePointLength(value: string): number {
  return Array.from(value).length;
}

/** At most `max` code points; a cut text ends with "…" so a reader sees it was cut. */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * Splits a text into consecutive pieces no longer than the given limits, at spaces where it can
 * (a word longer than a whole piece is cut). What does not fit in the last piece is truncated.
 */
export function splitText(value: string, limits: readonly number[]): string[] {
  const pieces: string[] = [];
  let rest = Array.from(value);
  for (const [index, limit] of limits.entries()) {
    if (rest.length <= limit || index === limits.length - 1) {
      if (rest.length > 0) pieces.push(truncate(rest.join(''), limit));
      break;
    }
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > 0 ? space : limit;
    pieces.push(rest.slice(0, cut).join('').trimEnd());
    rest = Array.from(rest.slice(cut).join('').trimStart());
  }
  return pieces;
}
