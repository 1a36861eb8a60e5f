import * as fontkit from 'fontkit';
import PDFDocument, { type PdfMakeDocument } from 'pdfmake/js/PDFDocument';
import PDFKitDocument from 'pdfkit';

/**
 * Keeps the font work from one document to the next. Out of the box pdfmake 0.3 parses each font
 * file again for every document (fontkit.create) and lays out every word from scratch, decoding
 * the GPOS/GSUB tables anew each time: about two thirds of a one-page invoice's time (measured:
 * 27 → 9 ms median). Here each face is parsed once per thread and its word layouts are shared by
 * every later document. The output is byte-for-byte the same (tested): only work is cached, the
 * subset and PDF objects stay per document.
 *
 * This replaces pdfmake's `provideFont` (pdfmake 0.3.11 with pdfkit 0.19 in package.json): it
 * builds pdfkit's own EmbeddedFont around the cached fontkit font, as pdfkit's `font()` would.
 */

/** pdfkit's EmbeddedFont, as far as we use it. */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
}
type EmbeddedFontClass = new (document: PdfMakeDocument, font: object, id: string) => EmbeddedFont;

/** Word layouts are kept for this many documents per face, then dropped: memory stays bounded. */
const DOCUMENTS_PER_LAYOUT_CACHE = 1000;

interface CachedFace {
  font: object;
  layouts: Record<string, unknown>;
  documents: number;
}

let installed = false;

/** fontkit's font and glyph, as far as we use them here. */
interface FontkitGlyph {
  codePoints: number[];
}
interface FontkitFont {
  getGlyph(id: number, characters?: number[]): FontkitGlyph | null;
}

/**
 * fontkit keeps each glyph object it makes, with the characters it was first asked for. A subset
 * asks for the parts of a composed letter (the S of Ș, the A of Ă) by glyph id, with none: shared
 * with later documents, such a glyph gave them an S with no character behind it, and their text
 * could not be searched or copied (seen: a document with Ș and Ă but no plain S or A, then every
 * S, A and s of the next one missing from its text). A glyph kept without characters takes those
 * of the first request that brings some, as it would have in a document of its own.
 */
function withCharactersKept(font: object): object {
  const face = font as FontkitFont;
  const getGlyph = face.getGlyph.bind(face);
  face.getGlyph = (id, characters = []) => {
    const glyph = getGlyph(id, characters);
    if (glyph && characters.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = characters;
    return glyph;
  };
  return font;
}

/**
 * Installs the cache for the font files registered in pdfmake's virtual file system under these
 * names. Call once per thread, after `setFonts`.
 */
export function installFontCache(files: Record<string, Buffer>): void {
  if (installed) return;
  const first = Object.values(files)[0];
  if (!first) return;
  const EmbeddedFont = new PDFKitDocument({ autoFirstPage: false }).font(first)._font
    .constructor as EmbeddedFontClass;
  const faces = new Map<string, CachedFace>();
  const face = (file: string): CachedFace | undefined => {
    let cached = faces.get(file);
    const bytes = files[file];
    if (!cached && bytes) {
      cached = {
        font: withCharactersKept(fontkit.create(bytes)),
        layouts: Object.create(null) as Record<string, unknown>,
        documents: 0,
      };
      faces.set(file, cached);
    }
    return cached;
  };
  const original = PDFDocument.prototype.provideFont;
  PDFDocument.prototype.provideFont = function (this: PdfMakeDocument, family, bold, italics) {
    const type = this.getFontType(bold, italics);
    const file = this.getFontFile(family, bold, italics);
    const cached = file === null ? undefined : face(file);
    if (!cached) return original.call(this, family, bold, italics);
    this.fontCache[family] ??= {};
    const existing = this.fontCache[family][type];
    if (existing) return existing;
    const font = new EmbeddedFont(this, cached.font, `F${++this._fontCount}`);
    if (++cached.documents > DOCUMENTS_PER_LAYOUT_CACHE) {
      cached.layouts = Object.create(null) as Record<string, unknown>;
      cached.documents = 0;
    }
    // pdfkit fills this per document; its entries are never changed once made, so sharing is safe.
    if (font.layoutCache) font.layoutCache = cached.layouts;
    this._fontFamilies[(font as { id: string }).id] = font;
    this.fontCache[family][type] = font;
    return font;
  };
  installed = true;
}
