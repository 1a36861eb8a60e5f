import { pdfText } from '../../test/documents-test-app';
import { sampleDocument, SAMPLE_SELLER } from '../../test/sample-document';
import { documentLayout } from './document.layout';
import { FONT_FAMILY } from './fonts';
import { renderPdf, setUpPdfmake } from './pdf-engine';

jest.setTimeout(60_000);

// Its own file: the cache is installed on this test's thread (module state), which the plain
// pdfmake comparison in pdf-rendering.int-spec.ts must not have.
describe('font cache shared by the documents of a thread', () => {
  it('keeps the text of every letter after a document that used them only inside composed letters', async () => {
    setUpPdfmake();
    // Ș Ă ș ă are drawn from S A s a: this document's subset asks for those parts by glyph alone.
    await renderPdf({
      content: [{ text: 'ȘĂ șă ȚÂ', bold: true }, 'ȘĂ șă ȚÂ'],
      defaultStyle: { font: FONT_FAMILY },
    });
    const document = sampleDocument({ notes: 'Sumă achitată' }, 3);
    const text = await pdfText(
      await renderPdf(documentLayout(document, SAMPLE_SELLER, { language: 'ro', preview: false })),
    );
    expect(text).toContain('Atelierul de Software Științific SRL');
    expect(text).toContain('Ștefan Țărănescu SRL');
    expect(text).toContain('Sumă achitată');
  });
});
