import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportFileError, type SheetRow } from './sheet-rows';

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * CSV rows, streamed: UTF-8 with or without BOM (anything else is refused rather than
 * misread), comma, semicolon or tab as the header line shows it, quoted fields (with delimiters,
 * quotes and line breaks inside). Cells are text, verbatim: "=HYPERLINK(…)" stays that text.
 * Row numbers count every record, blank ones too, as a spreadsheet opening the file would.
 */
export async function* csvRows(source: Readable): AsyncGenerator<SheetRow> {
  const text = decodeUtf8(source)[Symbol.asyncIterator]();
  // The delimiter is the one the header line uses most (outside quotes).
  let head = '';
  let done = false;
  while (!done && !head.includes('\n')) {
    const next = await text.next();
    if (next.done) done = true;
    else head += next.value;
  }
  const delimiter = detectDelimiter(head.split('\n', 1)[0]);
  async function* rest(): AsyncGenerator<string> {
    if (head) yield head;
    if (done) return;
    for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
  }
  const parser = parse({
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });
  const feeding = pipeline(Readable.from(rest()), parser).catch((error: unknown) => {
    parser.destroy(error as Error);
  });
  let rowNo = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNo++;
      yield { rowNo, cells: record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError)
      throw new ImportFileError(`The CSV cannot be read past this row: ${error.message}`, rowNo + 1);
    throw error;
  } finally {
    parser.destroy();
    await feeding;
  }
}

async function* decodeUtf8(source: Readable): AsyncGenerator<string> {
  // fatal: a Windows-1250 file would otherwise import "Consultan?a" silently; the BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (error) {
    // Node's own error (its realm's TypeError): recognized by its code.
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
      throw new ImportFileError('The file is not UTF-8 text: save it as "CSV UTF-8" (or as .xlsx)');
    throw error;
  }
}

/** The delimiter used most in a line, counting outside quoted fields; comma if none. */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}
