// The page writer: a cursor down A4 pages that starts a new page when the next block does not
// fit, and draws text as runs of one font each (the per-character fallback of fonts.ts).
import type PDFDocument from 'pdfkit';
import { fontTools, FONT_FILES, type Weight } from './fonts.ts';
import { fit, textWidth, wrap } from './wrap.ts';

type Doc = InstanceType<typeof PDFDocument>;
const TEXT_OPTIONS = { lineBreak: false } as const;
const BASELINE = 0.78;

// A4 portrait, in points.
export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { x: 50, top: 54, bottom: 62 };
export const CONTENT_WIDTH = PAGE.width - 2 * MARGIN.x;

export const COLORS = {
  ink: '#1c212b',
  muted: '#666e7a',
  rule: '#d1d6de',
  shade: '#f6f7f9',
  headerFill: '#e8ecf1',
  accent: '#1f4d8c',
  good: '#147339',
  goodFill: '#e6f5eb',
  bad: '#b31a1a',
  badFill: '#fcebeb',
  warnFill: '#fff4d6',
  warn: '#8a5a00',
  white: '#ffffff',
} as const;

export type TextStyle = { weight?: Weight; size: number; color?: string };

/** Any text as printed: NFC, whitespace runs as one space. */
const clean = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\s\u0000-\u001f\u007f-\u009f]+/gu, ' ')
    .trim();

type Glyph = { advanceWidth: number };
type FontkitFace = { glyphsForString(s: string): Glyph[]; layout: unknown; [SIMPLE]?: true };
const SIMPLE = Symbol('simple layout');

/**
 * Glyphs straight from the font's character map, without OpenType shaping (ligatures, kerning,
 * contextual forms). Shaping every distinct word was most of the report's time, and the widths
 * it then draws are exactly those wrap.ts measured (no kerning). Names in the scripts these
 * fonts cover need none (text is NFC, so accents are precomposed). Reaches into pdfkit's current
 * font (pdfkit 0.20.2, pinned): `_font.font` is the fontkit face it embeds.
 */
function withoutShaping(doc: Doc) {
  const face = (doc as unknown as { _font?: { font?: FontkitFace } })._font?.font;
  if (!face || typeof face.glyphsForString !== 'function' || face[SIMPLE]) return;
  face[SIMPLE] = true;
  face.layout = (text: string) => {
    const glyphs = face.glyphsForString(text);
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      advanceWidth += g.advanceWidth;
      return { xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
    });
    return { glyphs, positions, advanceWidth };
  };
}

export function createWriter(doc: Doc, runningTitle: string) {
  const fonts = fontTools();
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  doc.registerFont('cjk', FONT_FILES.cjk);

  const charWidth = (st: TextStyle) => (cp: number) => fonts.unitWidth(cp, st.weight ?? 'regular') * st.size;

  const state = { color: '', font: '', size: 0 };
  const w = {
    y: MARGIN.top,
    doc,
    width: (s: string, st: TextStyle) => textWidth(clean(s), charWidth(st)),
    wrap: (s: string, st: TextStyle, max: number) => wrap(clean(s), charWidth(st), max),
    // No printed character is narrower than a fifth of the size (combining marks aside), so a
    // few lines never look past the first few hundred characters of a long text.
    fit: (s: string, st: TextStyle, max: number, maxLines: number) => {
      const budget = Math.ceil((maxLines * max) / (st.size * 0.2)) + maxLines;
      return fit(clean(s.length > 2 * budget ? s.slice(0, 2 * budget) : s), charWidth(st), max, maxLines, st.size * 0.2);
    },

    /** One line of text whose top is at `top`. */
    line(s: string, x: number, top: number, st: TextStyle) {
      const cw = charWidth(st);
      const color = st.color ?? COLORS.ink;
      // pdfkit writes an operator for every font, size and colour call: only when they change.
      if (state.color !== color) {
        doc.fillColor(color);
        state.color = color;
      }
      let cx = x;
      for (const run of fonts.runs(clean(s), st.weight ?? 'regular')) {
        if (state.font !== run.font) {
          doc.font(run.font);
          state.font = run.font;
          withoutShaping(doc);
        }
        if (state.size !== st.size) {
          doc.fontSize(st.size);
          state.size = st.size;
        }
        // One baseline for every font of the line, 0.78 of the size below its top.
        doc.text(run.text, cx, top + st.size * (BASELINE - fonts.ascent(run.font)), TEXT_OPTIONS);
        cx += textWidth(run.text, cw);
      }
    },
    rect(x: number, top: number, width: number, height: number, fill: string, stroke?: string, lineWidth = 0.8) {
      state.color = '';
      doc.rect(x, top, width, height);
      if (stroke) doc.lineWidth(lineWidth).fillAndStroke(fill, stroke);
      else doc.fill(fill);
    },
    hline(top: number, color: string = COLORS.rule, thickness = 0.75, x0 = MARGIN.x, x1 = PAGE.width - MARGIN.x) {
      doc.moveTo(x0, top).lineTo(x1, top).lineWidth(thickness).stroke(color);
    },
    newPage() {
      doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
      state.color = '';
      // A running head, so a loose page still says what it belongs to.
      const head: TextStyle = { size: 8, color: COLORS.muted };
      w.line(w.fit(`Signature report · ${runningTitle}`, head, CONTENT_WIDTH, 1)[0]!, MARGIN.x, MARGIN.top - 24, head);
      w.hline(MARGIN.top - 10);
      w.y = MARGIN.top + 6;
    },
    /** Starts a new page unless `height` points fit below the cursor. */
    ensure(height: number) {
      if (w.y + height > PAGE.height - MARGIN.bottom) w.newPage();
    },
    /** After switching pages: the next call sets font, size and colour again. */
    resetState() {
      state.color = '';
      state.font = '';
      state.size = 0;
    },
    /** Room left on this page. */
    get room() {
      return PAGE.height - MARGIN.bottom - w.y;
    },
  };
  return w;
}

export type Writer = ReturnType<typeof createWriter>;
