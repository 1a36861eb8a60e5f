import type { Readable } from 'node:stream';

/** One row of the file, numbered as a spreadsheet shows it (CSV: the header is row 1). */
export interface SheetRow {
  rowNo: number;
  cells: string[];
}

/** The file cannot be read on (not UTF-8, a broken quote, not a workbook): `row` null = whole file. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export type ImportFormat = 'csv' | 'xlsx';

/** Reads a file's rows, one at a time, from a stream of its bytes. */
export type SheetReader = (source: Readable) => AsyncGenerator<SheetRow>;

/** XLSX is a zip archive; an old binary .xls (OLE2) is refused with a hint; anything else is CSV. */
export function detectFormat(head: Buffer): ImportFormat {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new ImportFileError(
      'This is an Excel 97-2003 (.xls) file, which is not supported: save it as .xlsx or CSV UTF-8',
    );
  return 'csv';
}
