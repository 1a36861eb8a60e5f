import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The one font every document is printed in: Roboto (Apache 2.0, see assets/fonts), regular and
 * medium for bold. It has every Romanian letter, comma-below ș ț (U+0219, U+021B) included, and is
 * compact (1,300 glyphs, 157 KB a face), which keeps parsing and subsetting cheap.
 */
export const FONT_FAMILY = 'Roboto';

export const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
} as const;

/**
 * assets/fonts next to the sources: from apps/documents/src/pdf (tests, ts) or from
 * dist/apps/documents/src/pdf (the build, which compiles code only; the image ships apps/ too).
 * FONT_DIR overrides both.
 */
export function fontDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.FONT_DIR,
    path.resolve(__dirname, '../../assets/fonts'),
    path.resolve(__dirname, '../../../../../apps/documents/assets/fonts'),
  ].filter((dir): dir is string => !!dir);
  const found = candidates.find((dir) => existsSync(path.join(dir, FONT_FILES.normal)));
  if (!found) throw new Error(`Font files not found in ${candidates.join(', ')}`);
  return found;
}

export interface FontBytes {
  normal: Buffer;
  bold: Buffer;
}

/** Reads the font files; callers keep the result for the life of the process (or worker). */
export function readFonts(dir = fontDirectory()): FontBytes {
  return {
    normal: readFileSync(path.join(dir, FONT_FILES.normal)),
    bold: readFileSync(path.join(dir, FONT_FILES.bold)),
  };
}
