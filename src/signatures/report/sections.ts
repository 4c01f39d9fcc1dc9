// The report's sections, drawn top to bottom with the page writer.
import { createHash } from 'node:crypto';
import type { BoundedInput } from './limits.ts';
import { NOT_VALID_MARKER, SEAL_VERIFIED, formatUtc, humanize, methodLabel } from './format.ts';
import { COLORS, CONTENT_WIDTH, MARGIN, PAGE, type TextStyle, type Writer } from './page.ts';

const MONO: TextStyle = { weight: 'mono', size: 9 };

export function drawTitle(w: Writer, input: BoundedInput) {
  const small: TextStyle = { size: 9, color: COLORS.muted };
  w.line(w.fit(input.siteName, { ...small, weight: 'bold' }, CONTENT_WIDTH / 2, 1)[0]!, MARGIN.x, w.y, { ...small, weight: 'bold', color: COLORS.accent });
  const org = w.fit(input.organization, small, CONTENT_WIDTH / 2, 1)[0]!;
  w.line(org, PAGE.width - MARGIN.x - w.width(org, small), w.y, small);
  w.y += 22;
  w.line('Signature report', MARGIN.x, w.y, { weight: 'bold', size: 22 });
  const generated = `Generated ${formatUtc(input.generatedAt)}`;
  w.line(generated, PAGE.width - MARGIN.x - w.width(generated, small), w.y + 11, small);
  w.y += 34;
  w.hline(w.y, COLORS.ink, 1.2);
  w.y += 16;
}

/** A label and its wrapped value side by side; returns the height used. */
function keyValue(
  w: Writer,
  x: number,
  top: number,
  width: number,
  label: string,
  value: string,
  style?: TextStyle,
  labelWidth = 110,
  maxLines = 4,
  draw = true,
): number {
  const labelStyle: TextStyle = { size: 9, color: COLORS.muted };
  const valueStyle: TextStyle = style ?? { size: 10 };
  const lines = w.fit(value, valueStyle, width - labelWidth, maxLines);
  const leading = valueStyle.size + 4;
  if (draw) {
    w.line(label, x, top + (valueStyle.size - labelStyle.size) / 2, labelStyle);
    lines.forEach((l, i) => w.line(l, x + labelWidth, top + i * leading, valueStyle));
  }
  return lines.length * leading - 4;
}

export function drawItem(w: Writer, input: BoundedInput) {
  const { item } = input;
  const titleStyle: TextStyle = { weight: 'bold', size: 15 };
  for (const l of w.fit(item.title, titleStyle, CONTENT_WIDTH, 5)) {
    w.line(l, MARGIN.x, w.y, titleStyle);
    w.y += 20;
  }
  w.y += 4;
  const rows: [string, string, TextStyle?][] = [
    ['Item ID', item.id, MONO],
    ['Workflow', `${item.workflowName} (version ${item.workflowVersion})`],
    ['Status', humanize(item.status)],
    ['Submitted by', item.submitter],
    ['Submitted', formatUtc(item.submittedAt)],
    ['Content SHA-256', item.contentHash, MONO],
  ];
  if (item.revision && item.revision > 1) rows.splice(rows.length - 1, 0, ['Revision', `${item.revision} (earlier versions are listed in the audit entries)`]);
  if (item.cancelReason) rows.push(['Reason for cancelling', item.cancelReason]);
  if (input.evidence) {
    const json = Buffer.from(input.evidence.json, 'utf8');
    rows.push(['Evidence bundle', `evidence.json, ${json.length.toLocaleString('en')} bytes, SHA-256:`]);
    rows.push(['', createHash('sha256').update(json).digest('hex'), MONO]);
  }
  for (const [label, value, style] of rows) w.y += keyValue(w, MARGIN.x, w.y, CONTENT_WIDTH, label, value, style) + 6;
  w.y += 8;
}

/** Warnings a reader must see before trusting the report: the development mailbox, what was cut, the attachment. */
export function drawNotes(w: Writer, input: BoundedInput, attachmentNote: string | undefined) {
  const notes: string[] = [];
  if (input.devMailbox)
    notes.push(
      'Development mailbox on: the emails of this instance (codes included) can be read by its administrators in Signoff, so an emailed code proves less than elsewhere.',
    );
  if (attachmentNote) notes.push(attachmentNote);
  notes.push(...input.notes);
  if (notes.length === 0) return;
  const st: TextStyle = { size: 9, color: COLORS.warn };
  const lines = notes.map((n) => w.fit(n, st, CONTENT_WIDTH - 24, 6));
  const height = lines.reduce((h, l) => h + l.length * 12.5 + 3, 0) + 14;
  w.ensure(height);
  w.rect(MARGIN.x, w.y, CONTENT_WIDTH, height, COLORS.warnFill, COLORS.warn, 0.6);
  let y = w.y + 8;
  for (const l of lines) {
    w.line('•', MARGIN.x + 9, y, st);
    l.forEach((s, i) => w.line(s, MARGIN.x + 18, y + i * 12.5, st));
    y += l.length * 12.5 + 3;
  }
  w.y += height + 16;
}

/** A heading kept on one page with the first `keepWith` points of what follows it. */
function sectionHeading(w: Writer, title: string, note: string, keepWith: number) {
  const noteStyle: TextStyle = { size: 9, color: COLORS.muted };
  const noteLines = w.wrap(note, noteStyle, CONTENT_WIDTH);
  w.ensure(24 + noteLines.length * 12.5 + keepWith);
  w.line(title, MARGIN.x, w.y, { weight: 'bold', size: 13, color: COLORS.accent });
  w.y += 20;
  for (const l of noteLines) {
    w.line(l, MARGIN.x, w.y, noteStyle);
    w.y += 12.5;
  }
  w.y += 6;
}

type Sig = BoundedInput['signatures'][number];

export function drawSignatures(w: Writer, signatures: Sig[], methodNames: BoundedInput['methodNames']) {
  const boxes = signatures.map((s) => signatureBox(w, s, methodNames));
  sectionHeading(
    w,
    'Signature manifestations',
    'Each electronic signature with the printed name of the signer, the date and time of signing (UTC) and its meaning (21 CFR 11.50), the SHA-256 of the content it was applied to, and whether its seal (an HMAC under the server key over the record and that content) still verifies.',
    boxes[0]?.height ?? 30,
  );
  if (boxes.length === 0) {
    emptyNote(w, 'No electronic signature was applied to this item.', 28);
    return;
  }
  for (const box of boxes) {
    // A box never splits across pages (its fields are capped, so it always fits on one).
    w.ensure(box.height + 10);
    box.draw();
  }
  w.y += 8;
}

const FIELD_LINES = 10;

/** One signature's block: measured first (for page breaks), drawn at the cursor. */
function signatureBox(w: Writer, s: Sig, methodNames: BoundedInput['methodNames']) {
  const pad = 12;
  const inner = CONTENT_WIDTH - 2 * pad - 4;
  const nameStyle: TextStyle = { weight: 'bold', size: 12.5 };
  const emailStyle: TextStyle = { size: 9, color: COLORS.muted };
  const badge = s.decision === 'approve' ? 'APPROVED' : 'REJECTED';
  const badgeStyle: TextStyle = { weight: 'bold', size: 8.5, color: s.decision === 'approve' ? COLORS.good : COLORS.bad };
  const badgeWidth = w.width(badge, badgeStyle) + 14;
  // The printed name and the meaning are the signature (11.50): generous line limits.
  const nameLines = w.fit(s.printedName, nameStyle, inner - badgeWidth - 12, 6);
  const rows: [string, string, (TextStyle | undefined)?][] = [
    ['Meaning', s.meaning, { weight: 'bold', size: 10 }],
    ['Signed (UTC)', formatUtc(s.signedAt)],
    ['Decision', s.decision === 'approve' ? 'Approve' : 'Reject'],
    ...(s.onBehalfOf ? [['On behalf of', s.onBehalfOf, { weight: 'bold', size: 10 }] as [string, string, TextStyle]] : []),
    ['Step', s.stepName],
    ['Second factor', methodLabel(s.method, methodNames)],
    ['Signs content SHA-256', s.contentHash, { ...MONO, size: 8.5, ...(s.valid ? {} : { color: COLORS.bad }) }],
    ['Seal', s.valid ? SEAL_VERIFIED : 'NOT valid', { weight: 'bold', size: 10, color: s.valid ? COLORS.good : COLORS.bad }],
  ];
  if (s.revision)
    rows.splice(5, 0, [
      'Applies to',
      s.superseded ? `revision ${s.revision} (superseded: it no longer counts)` : `revision ${s.revision} (the current version)`,
      s.superseded ? { size: 10, color: COLORS.warn } : undefined,
    ]);
  if (s.credentialsReset)
    rows.push(['Note', `credentials reset at ${formatUtc(s.credentialsReset.at)}, by ${s.credentialsReset.by}`, { size: 10, color: COLORS.warn }]);
  const rowsHeight = rows.reduce((h, [l, v, st]) => h + keyValue(w, 0, 0, inner, l, v, st, 130, FIELD_LINES, false) + 6, 0);
  const headHeight = nameLines.length * 16 + 14;
  const markerHeight = s.valid ? 0 : 26;
  const height = pad + headHeight + 10 + rowsHeight + markerHeight + pad - 4;

  const draw = () => {
    const top = w.y;
    const x = MARGIN.x;
    w.rect(x, top, CONTENT_WIDTH, height, s.valid ? COLORS.white : COLORS.badFill, s.valid ? COLORS.rule : COLORS.bad, s.valid ? 0.8 : 1.2);
    w.rect(x, top, 4, height, s.valid ? (s.decision === 'approve' ? COLORS.good : COLORS.bad) : COLORS.bad);
    const left = x + pad + 4;
    let y = top + pad;
    nameLines.forEach((l, i) => w.line(l, left, y + i * 16, nameStyle));
    const bx = x + CONTENT_WIDTH - pad - badgeWidth;
    w.rect(bx, y - 1, badgeWidth, 15, s.decision === 'approve' ? COLORS.goodFill : COLORS.badFill, badgeStyle.color, 0.6);
    w.line(badge, bx + 7, y + 2.5, badgeStyle);
    y += nameLines.length * 16;
    w.line(w.fit(s.email, emailStyle, inner, 1)[0]!, left, y, emailStyle);
    y += 16;
    w.hline(y, COLORS.rule, 0.5, left, x + CONTENT_WIDTH - pad);
    y += 8;
    for (const [label, value, style] of rows) y += keyValue(w, left, y, inner, label, value, style, 130, FIELD_LINES) + 6;
    if (!s.valid) {
      w.rect(left, y, inner, 20, COLORS.bad);
      w.line(NOT_VALID_MARKER, left + 8, y + 5, { weight: 'bold', size: 10, color: COLORS.white });
    }
    w.y = top + height + 12;
  };
  return { height, draw };
}

/** The one muted line a section shows when it has nothing to list, and the space after it. */
function emptyNote(w: Writer, text: string, gap: number) {
  w.line(text, MARGIN.x, w.y, { size: 10, color: COLORS.muted });
  w.y += gap;
}

/** Every decision with its second-factor method and comment; a long comment flows over pages. */
export function drawDecisions(w: Writer, decisions: BoundedInput['decisions'], methodNames: BoundedInput['methodNames']) {
  sectionHeading(
    w,
    'Decisions',
    'Every approval and rejection on this item, oldest first, with the second factor the reviewer gave for it ("none" where the step did not ask for one) and the comment.',
    44,
  );
  if (decisions.length === 0) {
    emptyNote(w, 'No decision was recorded on this item.', 28);
    return;
  }
  const head: TextStyle = { weight: 'bold', size: 9.5 };
  const meta: TextStyle = { size: 8.5, color: COLORS.muted };
  const body: TextStyle = { size: 9 };
  for (const d of decisions) {
    const title = w.fit(`${d.decision === 'approve' ? 'Approved' : 'Rejected'} by ${d.actor}`, head, CONTENT_WIDTH, 2);
    const applies = d.revision ? ` · revision ${d.revision}${d.superseded ? ' (superseded)' : ''}` : '';
    const facts = w.fit(`${formatUtc(d.at)} · step ${d.stepName} · second factor: ${methodLabel(d.method, methodNames)}${applies}`, meta, CONTENT_WIDTH, 2);
    const comment = d.comment ? w.wrap(d.comment, body, CONTENT_WIDTH - 10) : [];
    w.ensure(title.length * 13 + facts.length * 11.5 + Math.min(comment.length, 2) * 12 + 8);
    for (const l of title) {
      w.line(l, MARGIN.x, w.y, { ...head, color: d.decision === 'approve' ? COLORS.good : COLORS.bad });
      w.y += 13;
    }
    for (const l of facts) {
      w.line(l, MARGIN.x, w.y, meta);
      w.y += 11.5;
    }
    for (const l of comment) {
      if (w.room < 12) w.newPage();
      w.line(l, MARGIN.x + 10, w.y + 1, body);
      w.y += 12;
    }
    w.y += 5;
    w.hline(w.y, COLORS.rule, 0.4);
    w.y += 7;
  }
  w.y += 8;
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
const LEADING = 10.5;

export function drawAuditTrail(w: Writer, entries: BoundedInput['auditEntries']) {
  sectionHeading(
    w,
    'Audit trail of this item',
    'The entries of the hash-chained audit trail that concern this item, oldest first. Each hash is the SHA-256 of the entry and the one before it; the full chain can be verified in Signoff.',
    60,
  );
  if (entries.length === 0) {
    emptyNote(w, 'No audit entries.', 20);
    return;
  }
  const cell: TextStyle = { size: 7.5 };
  const eventStyle: TextStyle = { ...cell, weight: 'bold' };
  const hashStyle: TextStyle = { weight: 'mono', size: 6.5, color: COLORS.muted };
  const tableHeader = () => {
    const h = 17;
    w.rect(MARGIN.x, w.y, CONTENT_WIDTH, h, COLORS.headerFill);
    let x = MARGIN.x;
    for (const c of COLUMNS) {
      w.line(c.title, x + CELL_PAD, w.y + 5, { weight: 'bold', size: 7.5 });
      x += c.width;
    }
    w.y += h;
  };
  tableHeader();
  entries.forEach((e, index) => {
    const inner = (i: number) => COLUMNS[i]!.width - 2 * CELL_PAD;
    const cells = [
      w.fit(String(e.seq), cell, inner(0), 1),
      w.fit(formatUtc(e.at).replace(/ UTC$/, ''), cell, inner(1), 1),
      w.fit(e.type, eventStyle, inner(2), 3),
      w.fit(e.actor, cell, inner(3), 3),
      w.fit(e.summary, cell, inner(4), 6),
    ];
    const hash = w.fit(e.hash, hashStyle, inner(1), 1)[0]!;
    const height = Math.max(2, ...cells.map((c) => c.length)) * LEADING + 2 * CELL_PAD + 1;
    if (w.room < height) {
      w.newPage();
      tableHeader();
    }
    if (index % 2 === 1) w.rect(MARGIN.x, w.y, CONTENT_WIDTH, height, COLORS.shade);
    let x = MARGIN.x;
    cells.forEach((c, i) => {
      c.forEach((l, j) => w.line(l, x + CELL_PAD, w.y + CELL_PAD + j * LEADING, i === 2 ? eventStyle : cell));
      if (i === 1) w.line(hash, x + CELL_PAD, w.y + CELL_PAD + LEADING + 1, hashStyle);
      x += COLUMNS[i]!.width;
    });
    w.y += height;
    w.hline(w.y, COLORS.rule, 0.4);
  });
  // Says on paper that nothing was left off after the last row.
  w.ensure(24);
  w.y += 10;
  w.line(`${entries.length.toLocaleString('en')} ${entries.length === 1 ? 'entry' : 'entries'}. End of report.`, MARGIN.x, w.y, {
    size: 8.5,
    color: COLORS.muted,
  });
}

/** "Page n of N" on every page (pages are buffered until the end). */
export function drawFooters(w: Writer, input: BoundedInput) {
  const range = w.doc.bufferedPageRange();
  const st: TextStyle = { size: 8, color: COLORS.muted };
  for (let i = range.start; i < range.start + range.count; i++) {
    w.doc.switchToPage(i);
    w.resetState();
    const s = w.fit(`Page ${i + 1} of ${range.count} · generated ${formatUtc(input.generatedAt)} · ${input.siteName}`, st, CONTENT_WIDTH, 1)[0]!;
    w.hline(PAGE.height - 42, COLORS.rule, 0.5);
    w.line(s, (PAGE.width - w.width(s, st)) / 2, PAGE.height - 34, st);
  }
}
