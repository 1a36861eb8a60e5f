import { Readable } from 'node:stream';
import { csvRows, detectDelimiter } from './csv-rows.reader';
import { ImportFileError } from './sheet-rows';

/** The file split into small pieces, as the chunks arrive: a character may be cut in two. */
const source = (bytes: Buffer, piece = 7) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) =>
      bytes.subarray(i * piece, (i + 1) * piece),
    ),
  );

async function rows(bytes: Buffer | string) {
  const all = [];
  for await (const row of csvRows(source(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)))) all.push(row);
  return all;
}

describe('reading CSV rows', () => {
  it('reads a comma file with quoted commas, doubled quotes and line breaks', async () => {
    expect(await rows('Name,Price\n"Bolt, ""M8""",1.5\n"Two\nlines",2\n')).toEqual([
      { rowNo: 1, cells: ['Name', 'Price'] },
      { rowNo: 2, cells: ['Bolt, "M8"', '1.5'] },
      { rowNo: 3, cells: ['Two\nlines', '2'] },
    ]);
  });

  it('reads a semicolon file with a BOM and CRLF line ends, keeping commas as text', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Denumire;Preț\r\n"Șurub; M8";1,5\r\n'),
    ]);
    expect(await rows(bytes)).toEqual([
      { rowNo: 1, cells: ['Denumire', 'Preț'] },
      { rowNo: 2, cells: ['Șurub; M8', '1,5'] },
    ]);
  });

  it('numbers rows as a spreadsheet does, blank lines included', async () => {
    const read = await rows('A,B\n\n1,2\n');
    expect(read.map((r) => r.rowNo)).toEqual([1, 2, 3]);
    expect(read[1].cells).toEqual(['']);
  });

  it('keeps formula-like text verbatim, quotes inside an unquoted value too', async () => {
    const read = await rows('A\n=HYPERLINK("http://x";"y")\n');
    expect(read[1].cells).toEqual(['=HYPERLINK("http://x";"y")']);
  });

  it('refuses a file that is not UTF-8', async () => {
    await expect(rows(Buffer.from([0x41, 0x0a, 0xfe, 0x0a]))).rejects.toThrow(ImportFileError);
  });

  it('says at which row a quote is left open', async () => {
    await expect(rows('A,B\n1,2\n"3,4\n')).rejects.toMatchObject({ name: 'ImportFileError', row: 3 });
  });

  it('takes the delimiter the header uses most, outside quotes', () => {
    expect(detectDelimiter('Name,Type,Unit')).toBe(',');
    expect(detectDelimiter('Denumire;Tip;"U,M"')).toBe(';');
    expect(detectDelimiter('"a;b;c",d')).toBe(',');
    expect(detectDelimiter('Name\tType')).toBe('\t');
    expect(detectDelimiter('Name')).toBe(',');
  });
});
