import pdfmake from 'pdfmake';
import { installFontCache } from './font-cache';
import { FONT_FAMILY, FONT_FILES, type FontBytes, readFonts } from './fonts';

export type DocDefinition = Record<string, unknown>;

let ready = false;

/**
 * pdfmake set up once per thread: the embedded font registered from memory (read once), no access
 * to URLs or local files (a document's text can never make the renderer fetch anything), and the
 * font work cached across documents.
 */
export function setUpPdfmake(fonts: FontBytes = readFonts()): void {
  if (ready) return;
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
  installFontCache({ [FONT_FILES.normal]: fonts.normal, [FONT_FILES.bold]: fonts.bold });
  ready = true;
}

/** Renders on the calling thread: blocks it for the whole layout (see render.worker.ts). */
export async function renderPdf(definition: DocDefinition): Promise<Buffer> {
  setUpPdfmake();
  return pdfmake.createPdf(definition).getBuffer();
}
