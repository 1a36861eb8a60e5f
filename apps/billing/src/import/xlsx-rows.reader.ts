import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { ImportFileError, type SheetRow } from './sheet-rows';

/**
 * Rows of the workbook's first worksheet, streamed with exceljs's WorkbookReader (the workbook
 * is never loaded whole), numbered as the sheet numbers them. A formula cell gives its formula
 * as text ("=HYPERLINK(…)"), never its computed result: the import stores what was typed.
 */
export async function* xlsxRows(source: Readable): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a percentage cell (0.21 shown as 21%) from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          cells[column - 1] = cellText(cell.value, cell.numFmt, row.number);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= '';
        yield { rowNo: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(
      `The file is not a readable XLSX workbook (${(error as Error).message ?? 'unknown error'})`,
    );
  }
}

/** The text of a cell as the user typed it. */
export function cellText(value: ExcelJS.CellValue, numFmt: string | undefined, rowNo: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return numFmt?.includes('%') ? new Decimal(value).times(100).toString() : new Decimal(value).toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : '';
    // A copied-down formula stores only a reference to the first one; its own text is not in the file.
    if (!formula)
      throw new ImportFileError(
        'A cell holds a copied (shared) formula whose text is not in the file: type the value, or paste values, and import again',
        rowNo,
      );
    return `=${formula}`;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('error' in value) return String(value.error);
  return '';
}
