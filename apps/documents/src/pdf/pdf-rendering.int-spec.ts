import pdfmake from 'pdfmake';
import { pdfText } from '../../test/documents-test-app';
import { sampleDocument, SAMPLE_SELLER } from '../../test/sample-document';
import { documentLayout } from './document.layout';
import { FONT_FAMILY, FONT_FILES, readFonts } from './fonts';
import { PdfWorkerPool } from './pdf-worker-pool';

jest.setTimeout(60_000);

describe('PDF rendering on worker threads', () => {
  const pool = new PdfWorkerPool(2);
  afterAll(() => pool.close());

  const issued = { language: 'ro', preview: false } as const;

  it('gives the same bytes every time for the same document, on any thread', async () => {
    const document = sampleDocument({}, 60);
    const job = { layout: 'document', document, seller: SAMPLE_SELLER, options: issued } as const;
    const renders = await Promise.all([
      pool.render(job),
      pool.render(job),
      pool.render(job),
      pool.render(job),
    ]);
    for (const pdf of renders) expect(pdf.equals(renders[0])).toBe(true);
    expect(renders[0].subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints Romanian diacritics, comma-below ș and ț included, with the page count', async () => {
    const document = sampleDocument({ notes: 'Mulțumim: ă â î ș ț Ă Â Î Ș Ț' }, 60);
    const pdf = await pool.render({ layout: 'document', document, seller: SAMPLE_SELLER, options: issued });
    const text = await pdfText(pdf);
    expect(text).toContain('ă â î ș ț Ă Â Î Ș Ț');
    expect(text).toContain('\u0219'); // ș comma below, not the cedilla ş (U+015F)
    expect(text).toContain('Ștefan Țărănescu SRL');
    expect(text).toMatch(/Pagina 1 din [2-9]/);
  });

  it('makes the same file with the font cache as pdfmake does without it', async () => {
    // This thread runs plain pdfmake (no cache installed here); the workers run with the cache.
    const fonts = readFonts();
    pdfmake.virtualfs.writeFileSync(FONT_FILES.normal, fonts.normal);
    pdfmake.virtualfs.writeFileSync(FONT_FILES.bold, fonts.bold);
    pdfmake.setFonts({
      [FONT_FAMILY]: {
        normal: FONT_FILES.normal,
        bold: FONT_FILES.bold,
        italics: FONT_FILES.normal,
        bolditalics: FONT_FILES.bold,
      },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
    for (const [document, options] of [
      [sampleDocument({}, 10), issued],
      [sampleDocument({ status: 'draft', fullNumber: null }, 3), { language: 'en', preview: true }],
    ] as const) {
      const plain = await pdfmake.createPdf(documentLayout(document, SAMPLE_SELLER, options)).getBuffer();
      // Twice on the worker: the second render uses the layouts cached by the first.
      const job = { layout: 'document', document, seller: SAMPLE_SELLER, options } as const;
      await pool.render(job);
      expect((await pool.render(job)).equals(plain)).toBe(true);
    }
  });
});
