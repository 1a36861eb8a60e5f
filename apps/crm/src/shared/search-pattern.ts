/**
 * A LIKE pattern matching `term` anywhere, literally: `%`, `_` and the escape character `\` in the
 * term match themselves, so a search for "50%" finds "50%" and not everything starting with 50.
 * The unit separator is dropped because it joins the searched fields in the search index.
 */
export function containsPattern(term: string): string {
  const literal = term
    .split('\u001f')
    .join('')
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return `%${literal}%`;
}
