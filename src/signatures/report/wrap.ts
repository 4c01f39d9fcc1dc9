// Line breaking, linear in the text: words go on a line while they fit; a word wider than the
// line is broken (after punctuation when that is not too early, else at the last character that
// fits). Widths come from a per-character function, so this module knows nothing of fonts.

export type CharWidth = (codePoint: number) => number;

const SOFT_BREAK_AFTER = new Set([...'._-/@:,;'].map((c) => c.codePointAt(0)!));

export function textWidth(s: string, charWidth: CharWidth): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/**
 * Lines of at most `max` points. Whitespace runs (line breaks too) become one space. Stops once
 * it has `limit` lines plus one, so a caller that keeps a few lines never lays out the rest.
 */
export function wrap(text: string, charWidth: CharWidth, max: number, limit = Infinity): string[] {
  const lines: string[] = [];
  const space = charWidth(32);
  let line = '';
  let lineWidth = 0;
  const push = (l: string) => {
    lines.push(l);
    return lines.length > limit;
  };
  for (const word of text.split(/\s+/u)) {
    if (!word) continue;
    const wordWidth = textWidth(word, charWidth);
    if (line && lineWidth + space + wordWidth <= max) {
      line += ` ${word}`;
      lineWidth += space + wordWidth;
      continue;
    }
    if (!line && wordWidth <= max) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    if (line && push(line)) return lines;
    line = '';
    lineWidth = 0;
    if (wordWidth <= max) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    // An over-long word: one pass over its characters.
    const chars = [...word];
    let start = 0;
    let width = 0;
    let soft = -1;
    let softWidth = 0;
    for (let i = 0; i < chars.length; i++) {
      const cw = charWidth(chars[i]!.codePointAt(0)!);
      if (width + cw > max && i > start) {
        // Break after the last punctuation if it keeps at least half the line, else here.
        const at = soft > start && softWidth >= max / 2 ? soft : i;
        if (push(chars.slice(start, at).join(''))) return lines;
        width = at === i ? 0 : width - softWidth;
        start = at;
        soft = -1;
        softWidth = 0;
      }
      width += cw;
      if (SOFT_BREAK_AFTER.has(chars[i]!.codePointAt(0)!)) {
        soft = i + 1;
        softWidth = width;
      }
    }
    line = chars.slice(start).join('');
    lineWidth = width;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * At most `maxLines` lines; when text was left off, the last one ends with an ellipsis. Only the
 * characters that could possibly fit are looked at (`minCharWidth`: the narrowest one's width).
 */
export function fit(text: string, charWidth: CharWidth, max: number, maxLines: number, minCharWidth = 0): string[] {
  const budget = minCharWidth > 0 ? Math.ceil((maxLines * max) / minCharWidth) + maxLines : Infinity;
  const cut = text.length > budget;
  const lines = wrap(cut ? text.slice(0, budget) : text, charWidth, max, maxLines);
  if (lines.length <= maxLines && !cut) return lines;
  if (lines.length < maxLines) lines.push('');
  const ellipsis = charWidth(0x2026);
  const kept = [...lines[maxLines - 1]!];
  let width = textWidth(kept.join(''), charWidth);
  while (kept.length && width + ellipsis > max) width -= charWidth(kept.pop()!.codePointAt(0)!);
  return [...lines.slice(0, maxLines - 1), `${kept.join('').trimEnd()}…`];
}
