import { buildUblInvoice } from './ubl-invoice.builder';
import { validateEinvoices, type ValidationRun, type XmlFile } from '../../test/ubl/einvoice-validator';
import { moreUblCases, type UblCase, ublCases } from '../../test/ubl/invoice-fixtures';

// Every UBL file the product emits must pass the official rules: the UBL 2.1 XSD, CIUS-RO 1.0.9
// (which includes EN 16931) and the strict arithmetic check. The validator starts Java for each
// file and the call itself costs seconds, so all cases of a rule set go to it in one call.

const toFile = (ublCase: UblCase): XmlFile => ({
  name: `${ublCase.name}.xml`,
  xml: buildUblInvoice(ublCase.document, ublCase.options),
});

function expectAllPassed(result: ValidationRun, files: readonly XmlFile[], flag: string): void {
  if (result.exitCode !== 0) {
    throw new Error(`validate.sh ${flag} exited with ${result.exitCode}:\n${result.output}`);
  }
  // One "== file" section per file and no failure: the validator really looked at every file.
  expect(result.output.match(/^== /gm)).toHaveLength(files.length);
  expect(result.output).not.toMatch(/FAIL|FATAL|STRICT/);
  process.stdout.write(
    `validate.sh ${flag}: ${files.length} files in ${(result.durationMs / 1000).toFixed(1)} s\n`,
  );
}

describe('UBL invoices against the official e-invoice validator', () => {
  // The eight cases of the issue, then reverse charge, intra-Community in EUR, export, outside scope.
  it('passes XSD, CIUS-RO and the strict check for every Romanian case (exit 0)', async () => {
    const cases = [
      ...ublCases(),
      ...moreUblCases().filter((ublCase) => ublCase.document.seller?.address.country === 'RO'),
    ];
    const files = cases.map(toFile);
    const result = await validateEinvoices(files, { ro: true });
    expectAllPassed(result, files, '--ro');
  }, 300_000);

  it('passes XSD, EN 16931 and the strict check for a seller outside Romania (exit 0)', async () => {
    const cases = moreUblCases().filter((ublCase) => ublCase.document.seller?.address.country !== 'RO');
    const files = cases.map(toFile);
    const result = await validateEinvoices(files, { ro: false });
    expectAllPassed(result, files, '(EN 16931)');
  }, 120_000);

  // The helper must not pass vacuously: a file the rules refuse makes the call fail, with the rule.
  it('reports a file the CIUS-RO rules refuse (exit 1, rule named)', async () => {
    const [plain] = ublCases();
    const xml = buildUblInvoice(plain.document, plain.options).replace('>RO-CJ<', '>Cluj<');
    const result = await validateEinvoices([{ name: 'county-not-coded.xml', xml }], { ro: true });
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('BR-RO-110');
  }, 120_000);
});
