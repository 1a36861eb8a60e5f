import { buildUblInvoice } from './ubl-invoice.builder';
import { validateEinvoices } from './testing/einvoice-validator';
import { ublCases } from './testing/invoice-fixtures';

// Every UBL file the product emits must pass the official rules: the UBL 2.1 XSD, CIUS-RO 1.0.9
// (which includes EN 16931) and the strict arithmetic check. The validator starts Java for each
// file, so all cases go to it in one call.
describe('UBL invoices against the official e-invoice validator', () => {
  it('passes XSD, CIUS-RO Schematron and the strict arithmetic check for every case (exit 0)', async () => {
    const files = ublCases().map((ublCase) => ({
      name: `${ublCase.name}.xml`,
      xml: buildUblInvoice(ublCase.document, ublCase.options),
    }));

    const result = await validateEinvoices(files, { ro: true });

    if (result.exitCode !== 0) {
      throw new Error(`validate.sh --ro exited with ${result.exitCode}:\n${result.output}`);
    }
    expect(result.exitCode).toBe(0);
    // One "== file" section per file, none failed: the validator really looked at all of them.
    expect(result.output.match(/^== /gm)).toHaveLength(files.length);
    expect(result.output).not.toMatch(/FAIL/);
    process.stdout.write(
      `validate.sh --ro: ${files.length} files in ${(result.durationMs / 1000).toFixed(1)} s\n`,
    );
  }, 300_000);
});
