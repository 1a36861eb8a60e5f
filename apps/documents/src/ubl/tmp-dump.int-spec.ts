import { mkdirSync, writeFileSync } from 'node:fs';
import { buildUblInvoice } from './ubl-invoice.builder';
import { moreUblCases } from './testing/invoice-fixtures';
it('dumps', () => {
  mkdirSync('/tmp/ubl-more', { recursive: true });
  for (const c of moreUblCases()) writeFileSync(`/tmp/ubl-more/${c.name}.xml`, buildUblInvoice(c.document, c.options));
});
