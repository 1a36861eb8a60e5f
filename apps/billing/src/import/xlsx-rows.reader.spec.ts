import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { cellText, xlsxRows } from './xlsx-rows.reader';

describe('reading XLSX rows', () => {
  it('reads the first sheet with its row numbers, formulas as their text, percentages as rates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Products');
    sheet.addRow(['Name', 'VAT rate', 'Price']);
    sheet.addRow([]);
    sheet.addRow(['x', 0.21, 12.5]);
    sheet.getCell('A3').value = { formula: 'HYPERLINK("https://example.com","Docs")', result: 'Docs' };
    sheet.getCell('B3').numFmt = '0%';
    workbook.addWorksheet('Other').addRow(['ignored']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const rows = [];
    for await (const row of xlsxRows(Readable.from([bytes]))) rows.push(row);
    expect(rows.filter((r) => r.cells.length)).toEqual([
      { rowNo: 1, cells: ['Name', 'VAT rate', 'Price'] },
      { rowNo: 3, cells: ['=HYPERLINK("https://example.com","Docs")', '21', '12.5'] },
    ]);
  });

  it('gives the text of every kind of cell', () => {
    expect(cellText(12.5, undefined, 1)).toBe('12.5');
    expect(cellText(0.11, '0.00%', 1)).toBe('11');
    expect(cellText(true, undefined, 1)).toBe('TRUE');
    expect(cellText({ richText: [{ text: 'Ab' }, { text: 'c' }] }, undefined, 1)).toBe('Abc');
    expect(cellText({ text: 'site', hyperlink: 'https://x' }, undefined, 1)).toBe('site');
    expect(cellText({ formula: 'A1*2', result: 4 }, undefined, 1)).toBe('=A1*2');
    expect(() => cellText({ formula: '', result: 4 }, undefined, 9)).toThrow(/shared/);
  });
});
