import { amountInWords } from './amount-in-words';

describe('amount in words', () => {
  // The amounts the brief names, in both languages: each is a rule of Romanian grammar that a
  // receipt gets visibly wrong otherwise ("unu lei", "douăzeci lei", "doi mii").
  const cases: [string, string, string][] = [
    ['0.01', 'zero lei și un ban', 'zero lei and one ban'],
    ['1', 'un leu', 'one leu'],
    ['19', 'nouăsprezece lei', 'nineteen lei'],
    ['101', 'o sută unu lei', 'one hundred one lei'],
    ['1000', 'o mie de lei', 'one thousand lei'],
    ['1001', 'o mie unu lei', 'one thousand one lei'],
    [
      '2500.50',
      'două mii cinci sute de lei și cincizeci de bani',
      'two thousand five hundred lei and fifty bani',
    ],
    ['1000000', 'un milion de lei', 'one million lei'],
  ];

  it.each(cases)('writes %s RON in Romanian and English', (amount, ro, en) => {
    expect(amountInWords(amount, 'RON', 'ro')).toBe(ro);
    expect(amountInWords(amount, 'RON', 'en')).toBe(en);
  });

  it.each([
    ['0', 'zero lei'],
    ['2', 'doi lei'],
    ['12', 'doisprezece lei'],
    ['20', 'douăzeci de lei'],
    ['21', 'douăzeci și unu de lei'],
    ['22.02', 'douăzeci și doi de lei și doi bani'],
    ['100', 'o sută de lei'],
    ['119', 'o sută nouăsprezece lei'],
    ['120', 'o sută douăzeci de lei'],
    ['200', 'două sute de lei'],
    ['2000', 'două mii de lei'],
    ['12000', 'douăsprezece mii de lei'],
    ['21000', 'douăzeci și una de mii de lei'],
    ['2000000', 'două milioane de lei'],
    ['1000001', 'un milion unu lei'],
    ['3000000000', 'trei miliarde de lei'],
    [
      '1234567.89',
      'un milion două sute treizeci și patru de mii cinci sute șaizeci și șapte de lei și optzeci și nouă de bani',
    ],
  ])('follows Romanian agreement and "de": %s', (amount, words) => {
    expect(amountInWords(amount, 'RON', 'ro')).toBe(words);
  });

  it('writes English tens with a hyphen and large scales', () => {
    expect(amountInWords('21.05', 'RON', 'en')).toBe('twenty-one lei and five bani');
    expect(amountInWords('1234567.89', 'EUR', 'en')).toBe(
      'one million two hundred thirty-four thousand five hundred sixty-seven euros and eighty-nine cents',
    );
  });

  it('names euro and dollar amounts and falls back to the code with a fraction for others', () => {
    expect(amountInWords('1', 'EUR', 'ro')).toBe('un euro');
    expect(amountInWords('20.01', 'USD', 'ro')).toBe('douăzeci de dolari și un cent');
    expect(amountInWords('100.5', 'GBP', 'ro')).toBe('o sută de GBP și 50/100');
    expect(amountInWords('100.5', 'GBP', 'en')).toBe('one hundred GBP and 50/100');
  });

  it('rounds to the cent and writes negative amounts (stornos) with "minus"', () => {
    expect(amountInWords('0.005', 'RON', 'ro')).toBe('zero lei și un ban');
    expect(amountInWords('-19', 'RON', 'ro')).toBe('minus nouăsprezece lei');
    expect(amountInWords('-19', 'RON', 'en')).toBe('minus nineteen lei');
  });
});
