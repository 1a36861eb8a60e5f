// pdfmake 0.3, pdfkit 0.19 and fontkit 2 ship no type declarations: the little we use of them.

declare module 'pdfmake' {
  interface FontFaces {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    virtualfs: { writeFileSync(name: string, content: Buffer): void };
    setFonts(fonts: Record<string, FontFaces>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: object, options?: object): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}

declare module 'pdfmake/js/PDFDocument' {
  /** pdfmake's subclass of pdfkit's document; `provideFont` is where it loads a font face. */
  export interface PdfMakeDocument {
    fontCache: Record<string, Record<string, unknown>>;
    _fontCount: number;
    _fontFamilies: Record<string, unknown>;
    getFontType(bold: boolean, italics: boolean): string;
    getFontFile(family: string, bold: boolean, italics: boolean): string | null;
    provideFont(family: string, bold: boolean, italics: boolean): unknown;
  }
  const PDFDocument: { prototype: PdfMakeDocument };
  export default PDFDocument;
}

declare module 'pdfkit' {
  class PDFKitDocument {
    constructor(options?: object);
    font(source: Buffer): { _font: object };
  }
  export default PDFKitDocument;
}

declare module 'fontkit' {
  export function create(buffer: Buffer): object;
}
