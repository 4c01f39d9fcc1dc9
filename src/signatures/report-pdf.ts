// The printable signature report of one item (PRODUCT.md §7, SECURITY.md J1; 21 CFR 11.50(b):
// the printed name, the date and time and the meaning "shall be included as part of any human
// readable form of the electronic record (such as ... printout)").
//
// Drawn with pdf-lib's standard fonts, so nothing is embedded and any reader shows it. Those
// fonts encode WinAnsi only; every string passes through `toWinAnsi` first, so a name in
// another script prints as '?' instead of crashing the renderer. The same input gives the same
// bytes: no wall clock (dates come from `generatedAt`) and pdf-lib's resource names are seeded.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

export type SignatureReportInput = {
  siteName: string; generatedAt: string /* ISO UTC */; organization: string;
  item: { id: string; title: string; status: string; contentHash: string; workflowName: string; workflowVersion: number; submitter: string; submittedAt: string };
  signatures: { printedName: string; email: string; meaning: string; signedAt: string /* ISO UTC */; decision: 'approve' | 'reject'; stepName: string; contentHash: string; valid: boolean }[];
  auditEntries: { seq: number; at: string; type: string; actor: string; summary: string; hash: string }[];
};

export const NOT_VALID_MARKER = 'NOT VALID: record does not match the content';

// A4 portrait, in points.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { x: 50, top: 54, bottom: 62 };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN.x;

const INK = rgb(0.11, 0.13, 0.17);
const MUTED = rgb(0.4, 0.43, 0.48);
const RULE = rgb(0.82, 0.84, 0.87);
const SHADE = rgb(0.965, 0.97, 0.976);
const HEADER_FILL = rgb(0.91, 0.925, 0.945);
const ACCENT = rgb(0.12, 0.3, 0.55);
const GOOD = rgb(0.08, 0.45, 0.24);
const GOOD_FILL = rgb(0.9, 0.96, 0.92);
const BAD = rgb(0.7, 0.1, 0.1);
const BAD_FILL = rgb(0.99, 0.92, 0.92);

type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };
type TextStyle = { font: PDFFont; size: number; color?: RGB };

export async function renderSignatureReport(input: SignatureReportInput): Promise<Uint8Array> {
  // updateMetadata: false keeps pdf-lib from stamping its own producer and the current time.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const text = textTools(new Set(fonts.regular.getCharacterSet()));
  const w = writer(doc, fonts, text, `${input.item.title}`);

  drawTitle(w, input);
  drawItem(w, input.item);
  drawSignatures(w, input.signatures);
  drawAuditTrail(w, input.auditEntries);
  drawFooters(doc, fonts, text, input);
  setMetadata(doc, input);
  return doc.save({ useObjectStreams: false });
}

// ---------- text: WinAnsi, widths, wrapping ----------

type TextTools = ReturnType<typeof textTools>;

// Latin letters that Unicode does not decompose into a base letter and a mark (so NFKD leaves
// them alone) but that have an obvious one: common in Polish, Croatian, Maltese and Turkish names.
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't', ẞ: 'SS',
};

function textTools(winAnsi: Set<number>) {
  /**
   * What the standard fonts can draw: line breaks and tabs become spaces; a character outside
   * WinAnsi becomes its unaccented letters when it has them (ő → o) and '?' otherwise (名 → ?).
   */
  const clean = (s: string): string => {
    let out = '';
    for (const ch of s.normalize('NFC').replace(/[\t\r\n\u2028\u2029]+/g, ' ')) {
      if (winAnsi.has(ch.codePointAt(0)!)) { out += ch; continue; }
      const base = LETTERS_WITHOUT_DECOMPOSITION[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => winAnsi.has(c.codePointAt(0)!)) ? base : '?';
    }
    return out;
  };

  const width = (s: string, st: TextStyle) => st.font.widthOfTextAtSize(s, st.size);

  /** Lines of at most `max` points: breaks at spaces, and inside a word only when it must. */
  const wrap = (raw: string, st: TextStyle, max: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of clean(raw).split(' ').filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (width(candidate, st) <= max) { line = candidate; continue; }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (width(rest, st) > max) {
        let cut = rest.length - 1;
        while (cut > 1 && width(rest.slice(0, cut), st) > max) cut--;
        // Prefer to break after punctuation (`signature.applied`, an email) over mid-token.
        const soft = Math.max(...[...'._-/@'].map((c) => rest.lastIndexOf(c, cut - 1) + 1));
        if (soft > cut / 2) cut = soft;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
  };

  /** At most `maxLines` lines; the last one kept ends with an ellipsis when text was cut. */
  const fit = (raw: string, st: TextStyle, max: number, maxLines: number): string[] => {
    const lines = wrap(raw, st, max);
    if (lines.length <= maxLines) return lines;
    let last = lines[maxLines - 1]!;
    while (last && width(`${last}…`, st) > max) last = last.slice(0, -1);
    return [...lines.slice(0, maxLines - 1), `${last.trimEnd()}…`];
  };

  return { clean, width, wrap, fit };
}

/** `2026-11-23 14:05:09 UTC`; an unreadable time is printed as given. */
export function formatUtc(isoTime: string): string {
  const d = new Date(isoTime);
  return Number.isNaN(d.getTime()) ? isoTime : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const humanize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replaceAll('_', ' ') : s);

// ---------- the page writer: a cursor that opens a new page when the next block does not fit ----------

type Writer = ReturnType<typeof writer>;

function writer(doc: PDFDocument, fonts: Fonts, text: TextTools, runningTitle: string) {
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  const w = {
    fonts, text,
    get page() { return page; },
    y: PAGE.height - MARGIN.top,
    /** Draws one line of text with its baseline `size` below the cursor's top. */
    line(s: string, x: number, top: number, st: TextStyle) {
      page.drawText(text.clean(s), { x, y: top - st.size, size: st.size, font: st.font, color: st.color ?? INK });
    },
    newPage() {
      page = doc.addPage([PAGE.width, PAGE.height]);
      // A running head, so a loose page still says what it belongs to.
      const head: TextStyle = { font: fonts.regular, size: 8, color: MUTED };
      const title = text.fit(`Signature report · ${runningTitle}`, head, CONTENT_WIDTH, 1)[0]!;
      page.drawText(title, { x: MARGIN.x, y: PAGE.height - MARGIN.top + 16, size: head.size, font: head.font, color: head.color });
      page.drawLine({ start: { x: MARGIN.x, y: PAGE.height - MARGIN.top + 10 }, end: { x: PAGE.width - MARGIN.x, y: PAGE.height - MARGIN.top + 10 }, thickness: 0.5, color: RULE });
      w.y = PAGE.height - MARGIN.top - 6;
    },
    /** Starts a new page unless `height` points fit below the cursor. */
    ensure(height: number) {
      if (w.y - height < MARGIN.bottom) w.newPage();
    },
    rule(color: RGB = RULE, thickness = 0.75) {
      page.drawLine({ start: { x: MARGIN.x, y: w.y }, end: { x: PAGE.width - MARGIN.x, y: w.y }, thickness, color });
    },
  };
  return w;
}

// ---------- sections ----------

function drawTitle(w: Writer, input: SignatureReportInput) {
  const small: TextStyle = { font: w.fonts.regular, size: 9, color: MUTED };
  w.line(input.siteName, MARGIN.x, w.y, { ...small, font: w.fonts.bold, color: ACCENT });
  const org = w.text.fit(input.organization, small, CONTENT_WIDTH / 2, 1)[0]!;
  w.line(org, PAGE.width - MARGIN.x - w.text.width(org, small), w.y, small);
  w.y -= 30;
  w.line('Signature report', MARGIN.x, w.y, { font: w.fonts.bold, size: 22 });
  const generated = `Generated ${formatUtc(input.generatedAt)}`;
  w.line(generated, PAGE.width - MARGIN.x - w.text.width(generated, small), w.y - 11, small);
  w.y -= 32;
  w.rule(INK, 1.2);
  w.y -= 18;
}

function drawItem(w: Writer, item: SignatureReportInput['item']) {
  const titleStyle: TextStyle = { font: w.fonts.bold, size: 15 };
  for (const l of w.text.fit(item.title, titleStyle, CONTENT_WIDTH, 5)) { w.line(l, MARGIN.x, w.y, titleStyle); w.y -= 19; }
  w.y -= 6;
  const rows: [string, string, TextStyle?][] = [
    ['Item ID', item.id, { font: w.fonts.mono, size: 9.5 }],
    ['Workflow', `${item.workflowName} (version ${item.workflowVersion})`],
    ['Status', humanize(item.status)],
    ['Submitted by', item.submitter],
    ['Submitted', formatUtc(item.submittedAt)],
    ['Content SHA-256', item.contentHash, { font: w.fonts.mono, size: 9.5 }],
  ];
  for (const [label, value, style] of rows) w.y -= keyValue(w, MARGIN.x, w.y, CONTENT_WIDTH, label, value, style) + 4;
  w.y -= 18;
}

/** A label and its wrapped value side by side; returns the height used. */
function keyValue(w: Writer, x: number, top: number, width: number, label: string, value: string, style?: TextStyle, labelWidth = 104, maxLines = 4): number {
  const labelStyle: TextStyle = { font: w.fonts.regular, size: 9, color: MUTED };
  const valueStyle: TextStyle = style ?? { font: w.fonts.regular, size: 10 };
  const lines = w.text.fit(value, valueStyle, width - labelWidth, maxLines);
  const leading = valueStyle.size + 3.5;
  w.line(label, x, top - (valueStyle.size - labelStyle.size) / 2 - 0.5, labelStyle);
  lines.forEach((l, i) => w.line(l, x + labelWidth, top - i * leading, valueStyle));
  return lines.length * leading - 3.5;
}

/** A heading kept on one page with the first `keepWith` points of what follows it. */
function sectionHeading(w: Writer, title: string, note: string, keepWith: number) {
  const noteStyle: TextStyle = { font: w.fonts.regular, size: 9, color: MUTED };
  const noteLines = w.text.wrap(note, noteStyle, CONTENT_WIDTH);
  w.ensure(27 + noteLines.length * 12 + keepWith);
  w.line(title, MARGIN.x, w.y, { font: w.fonts.bold, size: 13, color: ACCENT });
  w.y -= 19;
  for (const l of noteLines) { w.line(l, MARGIN.x, w.y, noteStyle); w.y -= 12; }
  w.y -= 8;
}

function drawSignatures(w: Writer, signatures: SignatureReportInput['signatures']) {
  const boxes = signatures.map((s) => signatureBox(w, s));
  sectionHeading(w, 'Signature manifestations',
    'Each electronic signature with the printed name of the signer, the date and time of signing (UTC) and its meaning (21 CFR 11.50), and the SHA-256 of the content it was applied to.',
    boxes[0]?.height ?? 30);
  if (boxes.length === 0) {
    w.line('No electronic signature was applied to this item.', MARGIN.x, w.y, { font: w.fonts.regular, size: 10, color: MUTED });
    w.y -= 28;
    return;
  }
  for (const box of boxes) {
    // A box never splits across pages.
    w.ensure(box.height + 10);
    box.draw();
  }
  w.y -= 12;
}

const SIGNATURE_FIELD_LINES = 10;

/** One signature's block: measured first (for page breaks), drawn at the cursor. */
function signatureBox(w: Writer, s: SignatureReportInput['signatures'][number]) {
  const pad = 12;
  const inner = CONTENT_WIDTH - 2 * pad - 4;
  const nameStyle: TextStyle = { font: w.fonts.bold, size: 12.5 };
  const emailStyle: TextStyle = { font: w.fonts.regular, size: 9, color: MUTED };
  const badge = s.decision === 'approve' ? 'APPROVED' : 'REJECTED';
  const badgeStyle: TextStyle = { font: w.fonts.bold, size: 8.5, color: s.decision === 'approve' ? GOOD : BAD };
  const badgeWidth = w.text.width(badge, badgeStyle) + 14;
  // Generous line limits: the printed name and the meaning are the signature (11.50) and are
  // not to be shortened; our names (200 characters) and meanings fit well within them.
  const nameLines = w.text.fit(s.printedName, nameStyle, inner - badgeWidth - 12, 6);
  const rows: [string, string, TextStyle?][] = [
    ['Meaning', s.meaning, { font: w.fonts.bold, size: 10 }],
    ['Signed (UTC)', formatUtc(s.signedAt)],
    ['Decision', s.decision === 'approve' ? 'Approve' : 'Reject'],
    ['Step', s.stepName],
    ['Signs content SHA-256', s.contentHash, { font: w.fonts.mono, size: 9, ...(s.valid ? {} : { color: BAD }) }],
  ];

  const probe = (value: string, style?: TextStyle) => w.text.fit(value, style ?? { font: w.fonts.regular, size: 10 }, inner - 120, SIGNATURE_FIELD_LINES).length * ((style?.size ?? 10) + 3.5) - 3.5;
  const headHeight = nameLines.length * 15.5 + 13;
  const rowsHeight = rows.reduce((h, [, v, st]) => h + probe(v, st) + 5, 0);
  const markerHeight = s.valid ? 0 : 26;
  const height = pad + headHeight + 10 + rowsHeight + markerHeight + pad - 4;
  return { height, draw: () => drawSignatureBox(w, s, { height, pad, inner, nameLines, nameStyle, emailStyle, badge, badgeStyle, badgeWidth, rows }) };
}

function drawSignatureBox(w: Writer, s: SignatureReportInput['signatures'][number], m: {
  height: number; pad: number; inner: number; nameLines: string[]; nameStyle: TextStyle; emailStyle: TextStyle;
  badge: string; badgeStyle: TextStyle; badgeWidth: number; rows: [string, string, TextStyle?][];
}) {
  const { height, pad, inner, nameLines, nameStyle, emailStyle, badge, badgeStyle, badgeWidth, rows } = m;
  const top = w.y;
  const x = MARGIN.x;
  const accent = s.valid ? (s.decision === 'approve' ? GOOD : BAD) : BAD;
  w.page.drawRectangle({ x, y: top - height, width: CONTENT_WIDTH, height, color: s.valid ? rgb(1, 1, 1) : BAD_FILL, borderColor: s.valid ? RULE : BAD, borderWidth: s.valid ? 0.8 : 1.2 });
  w.page.drawRectangle({ x, y: top - height, width: 4, height, color: accent });

  const left = x + pad + 4;
  let y = top - pad;
  nameLines.forEach((l, i) => w.line(l, left, y - i * 15.5, nameStyle));
  // The decision as a small badge on the right of the name.
  const bx = x + CONTENT_WIDTH - pad - badgeWidth;
  w.page.drawRectangle({ x: bx, y: y - 15, width: badgeWidth, height: 15, color: s.decision === 'approve' ? GOOD_FILL : BAD_FILL, borderColor: badgeStyle.color!, borderWidth: 0.6 });
  w.line(badge, bx + 7, y - 3.5, badgeStyle);
  y -= nameLines.length * 15.5;
  w.line(w.text.fit(s.email, emailStyle, inner, 1)[0]!, left, y, emailStyle);
  y -= 13 + 6;
  w.page.drawLine({ start: { x: left, y: y + 4 }, end: { x: x + CONTENT_WIDTH - pad, y: y + 4 }, thickness: 0.5, color: RULE });
  y -= 4;
  for (const [label, value, style] of rows) y -= keyValue(w, left, y, inner, label, value, style, 120, SIGNATURE_FIELD_LINES) + 5;

  if (!s.valid) {
    const markerStyle: TextStyle = { font: w.fonts.bold, size: 10, color: rgb(1, 1, 1) };
    w.page.drawRectangle({ x: left, y: y - 19, width: inner, height: 20, color: BAD });
    w.line(NOT_VALID_MARKER, left + 8, y - 4.5, markerStyle);
  }
  w.y = top - height - 12;
}

// The audit table: column widths add up to CONTENT_WIDTH.
const COLUMNS = [
  { title: 'Seq', width: 34 },
  { title: 'Time (UTC) / hash', width: 96 },
  { title: 'Event', width: 106 },
  { title: 'Actor', width: 100 },
  { title: 'Summary', width: CONTENT_WIDTH - 34 - 96 - 106 - 100 },
] as const;
const CELL_PAD = 4;
const TABLE_LEADING = 10.5;

function drawAuditTrail(w: Writer, entries: SignatureReportInput['auditEntries']) {
  sectionHeading(w, 'Audit trail of this item',
    'The entries of the hash-chained audit trail that concern this item, oldest first. Each hash is the SHA-256 of the entry and the one before it; the full chain can be verified in Signoff.',
    // The table header and a row of the usual height.
    60);
  if (entries.length === 0) {
    w.line('No audit entries.', MARGIN.x, w.y, { font: w.fonts.regular, size: 10, color: MUTED });
    w.y -= 20;
    return;
  }
  const cell: TextStyle = { font: w.fonts.regular, size: 8 };
  const eventStyle: TextStyle = { ...cell, font: w.fonts.bold };
  const hashStyle: TextStyle = { font: w.fonts.mono, size: 7, color: MUTED };
  const tableHeader = () => {
    const h = 17;
    w.page.drawRectangle({ x: MARGIN.x, y: w.y - h, width: CONTENT_WIDTH, height: h, color: HEADER_FILL });
    let x = MARGIN.x;
    for (const c of COLUMNS) { w.line(c.title, x + CELL_PAD, w.y - 5, { font: w.fonts.bold, size: 8 }); x += c.width; }
    w.y -= h;
  };
  tableHeader();
  entries.forEach((e, index) => {
    const inner = (i: number) => COLUMNS[i]!.width - 2 * CELL_PAD;
    const cells = [
      w.text.fit(String(e.seq), cell, inner(0), 1),
      w.text.fit(formatUtc(e.at).replace(/ UTC$/, ''), cell, inner(1), 1),
      w.text.fit(e.type, eventStyle, inner(2), 3),
      w.text.fit(e.actor, cell, inner(3), 3),
      w.text.fit(e.summary, cell, inner(4), 6),
    ];
    const hash = w.text.fit(e.hash, hashStyle, inner(1), 1)[0]!;
    const lines = Math.max(2, ...cells.map((c) => c.length));
    const height = lines * TABLE_LEADING + 2 * CELL_PAD + 1;
    if (w.y - height < MARGIN.bottom) { w.newPage(); tableHeader(); }
    if (index % 2 === 1) w.page.drawRectangle({ x: MARGIN.x, y: w.y - height, width: CONTENT_WIDTH, height, color: SHADE });
    let x = MARGIN.x;
    cells.forEach((c, i) => {
      c.forEach((l, j) => w.line(l, x + CELL_PAD, w.y - CELL_PAD - j * TABLE_LEADING, i === 2 ? eventStyle : cell));
      if (i === 1) w.line(hash, x + CELL_PAD, w.y - CELL_PAD - TABLE_LEADING - 0.5, hashStyle);
      x += COLUMNS[i]!.width;
    });
    w.y -= height;
    w.page.drawLine({ start: { x: MARGIN.x, y: w.y }, end: { x: PAGE.width - MARGIN.x, y: w.y }, thickness: 0.4, color: RULE });
  });
  // Says on paper that nothing was left off after the last row.
  w.ensure(24);
  w.y -= 12;
  w.line(`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}. End of report.`, MARGIN.x, w.y, { font: w.fonts.regular, size: 8.5, color: MUTED });
}

// ---------- every page ----------

function drawFooters(doc: PDFDocument, fonts: Fonts, text: TextTools, input: SignatureReportInput) {
  const pages = doc.getPages();
  const st: TextStyle = { font: fonts.regular, size: 8, color: MUTED };
  pages.forEach((page, i) => {
    const s = text.fit(`Page ${i + 1} of ${pages.length} · generated ${formatUtc(input.generatedAt)} · ${input.siteName}`, st, CONTENT_WIDTH, 1)[0]!;
    page.drawLine({ start: { x: MARGIN.x, y: 42 }, end: { x: PAGE.width - MARGIN.x, y: 42 }, thickness: 0.5, color: RULE });
    page.drawText(s, { x: (PAGE.width - text.width(s, st)) / 2, y: 28, size: st.size, font: st.font, color: st.color });
  });
}

function setMetadata(doc: PDFDocument, input: SignatureReportInput) {
  // The info dictionary holds UTF-16 text, so the real title goes in unreplaced.
  doc.setTitle(`Signature report: ${input.item.title}`);
  doc.setSubject(`Electronic signatures and audit trail of item ${input.item.id}`);
  doc.setAuthor(input.organization);
  doc.setCreator(input.siteName);
  doc.setProducer('Signoff');
  doc.setLanguage('en');
  const generated = new Date(input.generatedAt);
  if (!Number.isNaN(generated.getTime())) { doc.setCreationDate(generated); doc.setModificationDate(generated); }
}
