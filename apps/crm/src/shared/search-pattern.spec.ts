import { containsPattern } from './search-pattern';

describe('containsPattern', () => {
  it('matches the term anywhere', () => {
    expect(containsPattern('Pop')).toBe('%Pop%');
  });

  it('makes LIKE wildcards and the escape character literal', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('drops the separator that joins the searched fields, so a term cannot span two fields', () => {
    expect(containsPattern('a\u001fb')).toBe('%ab%');
  });
});
