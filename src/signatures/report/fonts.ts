// The report's fonts, from npm packages so nothing is fetched: Noto Sans (Latin, Greek,
// Cyrillic) and, per character, Noto Sans CJK SC for what Noto Sans lacks (Han, kana, Hangul).
// pdfkit embeds both as subsets, so a report carries only the glyphs it prints. Hashes and ids
// are ASCII and print in the standard Courier.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const fontsOf = (pkg: string) => join(dirname(require.resolve(pkg)), '..', 'fonts');

export const FONT_FILES = {
  regular: join(fontsOf('@embedpdf/fonts-latin'), 'NotoSans-Regular.ttf'),
  bold: join(fontsOf('@embedpdf/fonts-latin'), 'NotoSans-Bold.ttf'),
  // One weight of the CJK font (8 MB each): bold CJK text prints in the regular weight.
  cjk: join(fontsOf('@embedpdf/fonts-sc'), 'NotoSansHans-Regular.otf'),
} as const;

/** The pdfkit font names a run is drawn in. */
export type FontName = 'regular' | 'bold' | 'cjk' | 'Courier';
export type Weight = 'regular' | 'bold' | 'mono';

type Face = { hasGlyphForCodePoint(cp: number): boolean; glyphForCodePoint(cp: number): { advanceWidth: number }; unitsPerEm: number; ascent: number };
const open = (file: string) => fontkit.openSync(file) as unknown as Face;

// Courier (ASCII only; anything else in a mono text prints in Noto Sans): every glyph is 600/1000 em wide; its ascender (as pdfkit places it) is 629/1000.
const COURIER_ADVANCE = 0.6;
const COURIER_ASCENT = 0.629;
const REPLACEMENT = '?'.codePointAt(0)!;

/** Parsed once per thread (the CJK font is large); widths cached per code point. */
let faces: { regular: Face; bold: Face; cjk: Face } | undefined;
const widths = new Map<string, Map<number, number>>();

export function fontTools() {
  faces ??= { regular: open(FONT_FILES.regular), bold: open(FONT_FILES.bold), cjk: open(FONT_FILES.cjk) };
  const f = faces;

  /** The font a character prints in, or undefined when no font has it (it prints as '?'). */
  const fontFor = (cp: number, weight: Weight): FontName | undefined => {
    if (weight === 'mono' && cp >= 0x20 && cp < 0x7f) return 'Courier';
    const latin = weight === 'bold' ? f.bold : f.regular;
    if (latin.hasGlyphForCodePoint(cp)) return weight === 'bold' ? 'bold' : 'regular';
    if (f.cjk.hasGlyphForCodePoint(cp)) return 'cjk';
    return undefined;
  };

  /** Width in points at size 1 of a character in the given weight (with fallback). */
  const unitWidth = (cp: number, weight: Weight): number => {
    let cache = widths.get(weight);
    if (!cache) widths.set(weight, (cache = new Map()));
    const known = cache.get(cp);
    if (known !== undefined) return known;
    const font = fontFor(cp, weight) ?? fontFor(REPLACEMENT, weight)!;
    const w =
      font === 'Courier'
        ? COURIER_ADVANCE
        : (() => {
            const face = f[font];
            return face.glyphForCodePoint(cp).advanceWidth / face.unitsPerEm;
          })();
    cache.set(cp, w);
    return w;
  };

  /** Runs of one font each; characters no font has become '?'. Control characters become spaces. */
  const runs = (text: string, weight: Weight): { font: FontName; text: string }[] => {
    const out: { font: FontName; text: string }[] = [];
    for (const ch of text) {
      let cp = ch.codePointAt(0)!;
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) cp = 0x20;
      let font = fontFor(cp, weight);
      if (!font) {
        cp = REPLACEMENT;
        font = fontFor(cp, weight)!;
      }
      const c = String.fromCodePoint(cp);
      const last = out[out.length - 1];
      if (last?.font === font) last.text += c;
      else out.push({ font, text: c });
    }
    return out;
  };

  /** How far below the `y` pdfkit is given a font's baseline falls, at size 1 (each font has its own ascender). */
  const ascent = (font: FontName): number => (font === 'Courier' ? COURIER_ASCENT : f[font].ascent / f[font].unitsPerEm);

  return { fontFor, unitWidth, runs, ascent };
}
