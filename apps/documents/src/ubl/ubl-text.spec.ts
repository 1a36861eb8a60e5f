import { cleanText, splitText, truncate } from './ubl-text';

describe('UBL text limits', () => {
  it('counts characters as code points, as the CIUS-RO rules do', () => {
    expect(truncate('ăîșțâ', 5)).toBe('ăîșțâ');
    expect(truncate('ăîșțâx', 5)).toBe('ăîșț…');
    expect(Array.from(truncate('😀'.repeat(10), 4))).toHaveLength(4);
  });

  it('splits at spaces, cuts a word longer than a piece, and truncates what is left', () => {
    expect(splitText('alpha beta gamma', [10, 10])).toEqual(['alpha beta', 'gamma']);
    expect(splitText('abcdefghijkl', [5, 5])).toEqual(['abcde', 'fghi…']);
    expect(splitText('short', [10, 10])).toEqual(['short']);
  });

  it('drops characters XML cannot carry and keeps line breaks and tabs', () => {
    expect(cleanText('a\u0000b\u001Fc\td\ne')).toBe('abc\td\ne');
    expect(cleanText('  \u0001 ')).toBeNull();
  });
});
