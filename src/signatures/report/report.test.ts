// The printable signature report (docs/security.md J1): what a reader needs is in the PDF's text as
// pdftotext extracts it (names in every script as typed, meanings, UTC times, hashes, seals,
// methods), the evidence bundle is attached, absurd input still ends, and page 1 is rendered to
// a PNG for review. Rendered through renderSignatureReport, so in the worker thread.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeReportRenderer, renderSignatureReport } from '../index.ts';
import type { SignatureReportInput } from './input.ts';
import { NOT_VALID_MARKER, formatUtc } from './format.ts';
import { REPORT_LIMITS, boundInput } from './limits.ts';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const CONTENT = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';
const OTHER_CONTENT = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const EVENTS = ['item.submitted', 'guest.invited', 'second_factor.verified', 'decision.recorded', 'signature.applied', 'step.closed', 'guest.code_failed'];
const NAMES = ['Łukasz Żółć', 'Σοφία Παπαδοπούλου', 'Дмитрий Иванов', '张伟'];
const EVIDENCE = JSON.stringify({ item: 'itm_k3j5m2n4p6q7r8s2t3u4v5w6x7', entries: [{ seq: 1, hash: CONTENT }], note: 'Zoë 张伟' });
const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(90); // 4,050 characters, no space

function sampleReport(): SignatureReportInput {
  const t0 = Date.UTC(2026, 10, 23, 9, 0, 0);
  return {
    siteName: 'Signoff',
    generatedAt: '2026-11-23T16:20:00.000Z',
    // As the built-in strategies name their methods (src/factors/*/…factor.ts recordName).
    methodNames: { totp: 'Authenticator app (TOTP)', backup_code: 'Backup code', email_code: 'Email code', webauthn: 'Passkey or security key' },
    organization: 'Acme Pharma GmbH',
    devMailbox: true,
    item: {
      id: 'itm_k3j5m2n4p6q7r8s2t3u4v5w6x7',
      title: 'Batch record BR-2026-0147: tablet compression, line 3 (revision C)',
      status: 'approved',
      contentHash: CONTENT,
      workflowName: 'GMP batch release',
      workflowVersion: 3,
      submitter: 'Ada Admin <ada@acme.test>',
      submittedAt: '2026-11-23T09:00:00.000Z',
    },
    signatures: [
      {
        printedName: NAMES[0]!,
        email: 'lukasz@acme.test',
        meaning: 'Approved: batch meets specification',
        signedAt: '2026-11-23T14:05:09.000Z',
        decision: 'approve',
        stepName: 'Quality assurance review',
        contentHash: CONTENT,
        valid: true,
        method: 'totp',
        credentialsReset: { at: '2026-11-20T08:15:00.000Z', by: 'Ada Admin' },
      },
      {
        printedName: NAMES[1]!,
        email: 'sofia@acme.test',
        meaning: 'Reviewed',
        signedAt: '2026-11-23T15:30:41.250Z',
        decision: 'reject',
        stepName: 'Qualified person release',
        contentHash: OTHER_CONTENT,
        valid: false,
        method: 'webauthn',
      },
      {
        printedName: NAMES[2]!,
        email: 'dmitry@acme.test',
        meaning: 'Responsible',
        signedAt: '2026-11-23T15:40:00.000Z',
        decision: 'approve',
        stepName: 'Qualified person release',
        contentHash: CONTENT,
        valid: true,
        method: 'backup_code',
        onBehalfOf: 'Ann Away <ann@acme.test>',
      },
      {
        printedName: NAMES[3]!,
        email: 'wei@acme.test',
        meaning: 'Approved',
        signedAt: '2026-11-23T15:50:00.000Z',
        decision: 'approve',
        stepName: 'Qualified person release',
        contentHash: CONTENT,
        valid: true,
        method: 'email_code',
      },
    ],
    decisions: [
      {
        at: '2026-11-23T12:00:00.000Z',
        actor: 'Rita Reviewer <rita@acme.test>',
        stepName: 'Formal check',
        decision: 'approve',
        method: null,
        comment: 'Looks complete.',
      },
      {
        at: '2026-11-23T14:05:09.000Z',
        actor: `${NAMES[0]} <lukasz@acme.test>`,
        stepName: 'Quality assurance review',
        decision: 'approve',
        method: 'totp',
        comment: `Checked against ${LONG_WORD} and the spec.`,
      },
    ],
    auditEntries: Array.from({ length: 80 }, (_, i) => ({
      seq: 1000 + i,
      at: new Date(t0 + i * 137_000).toISOString(),
      type: EVENTS[i % EVENTS.length]!,
      actor: i % 5 === 0 ? 'guest: external.auditor@partner-laboratory.example' : i % 3 === 0 ? NAMES[2]! : 'rita@acme.test',
      summary:
        i % 4 === 0
          ? `Step "Quality assurance review" closed by threshold 2 of 3 after approvals; content ${CONTENT} unchanged since submission, moving to the next step`
          : `Entry ${i + 1}: ${EVENTS[i % EVENTS.length]} recorded`,
      hash: i.toString(16).padStart(2, '0').repeat(32),
    })),
    evidence: { json: EVIDENCE },
  };
}

const pdfToText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
/** Text without line breaks and padding, for values that may wrap. */
const flat = (s: string) => s.replace(/\s+/g, '');

describe('signature report PDF', () => {
  let dir: string;
  let file: string;
  let text: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signoff-report-'));
    file = join(dir, 'report.pdf');
    writeFileSync(file, await renderSignatureReport(sampleReport()));
    text = pdfToText(file);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeReportRenderer();
  });

  it("prints every signer's printed name as typed, in any script, with meaning and UTC date and time", () => {
    for (const name of NAMES) expect(text).toContain(name);
    for (const meaning of ['Approved: batch meets specification', 'Reviewed', 'Responsible']) expect(text).toContain(meaning);
    for (const time of ['2026-11-23 14:05:09 UTC', '2026-11-23 15:30:41 UTC', '2026-11-23 15:40:00 UTC', '2026-11-23 15:50:00 UTC'])
      expect(text).toContain(time);
  });

  it('embeds subsets of the fonts, so the names print the same in any reader', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/\+NotoSansHans-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
    // The CJK font is 8 MB; only the glyphs printed are embedded.
    expect(statSync(file).size).toBeLessThan(400_000);
  });

  it('prints the item, its workflow version and the content SHA-256 every signature signs', () => {
    expect(text).toContain('Batch record BR-2026-0147');
    expect(text).toContain('itm_k3j5m2n4p6q7r8s2t3u4v5w6x7');
    expect(text).toContain('GMP batch release (version 3)');
    expect(flat(text)).toContain(CONTENT);
    expect(flat(text)).toContain(OTHER_CONTENT);
  });

  it('says of each seal whether it verifies: verified for three, NOT valid for the one that does not match', () => {
    expect(text.match(/seal verified/g)).toHaveLength(3);
    expect(text.split(NOT_VALID_MARKER)).toHaveLength(2);
    const sofia = text.indexOf(NAMES[1]!);
    expect(text.indexOf('NOT valid')).toBeGreaterThan(sofia);
    expect(text.indexOf('NOT valid')).toBeLessThan(text.indexOf(NAMES[2]!));
  });

  it('prints the second factor of every signature and decision, "none" where none was asked', () => {
    for (const m of ['Authenticator app (TOTP)', 'Passkey or security key', 'Backup code', 'Email code']) expect(text).toContain(m);
    expect(text).toContain('second factor: none');
    expect(text).toContain('second factor: Authenticator app (TOTP)');
    expect(text).toContain('Looks complete.');
  });

  it('says on whose behalf a delegate signed, on that signature', () => {
    expect(text).toMatch(/On behalf of\s+Ann Away <ann@acme\.test>/);
    expect(text.indexOf('On behalf of')).toBeGreaterThan(text.indexOf(NAMES[2]!));
    expect(text.indexOf('On behalf of')).toBeLessThan(text.indexOf(NAMES[3]!));
  });

  it('notes a credentials reset on the signature it concerns, and the development mailbox', () => {
    expect(text).toContain('credentials reset at 2026-11-20 08:15:00 UTC, by Ada Admin');
    expect(text.indexOf('credentials reset')).toBeGreaterThan(text.indexOf(NAMES[0]!));
    expect(text.indexOf('credentials reset')).toBeLessThan(text.indexOf(NAMES[1]!));
    expect(text).toContain('Development mailbox on');
  });

  it('wraps a 4,000-character word within the page: all of it is printed, no line runs past the margin', () => {
    // Every fragment of the word is there, in order.
    expect(flat(text)).toContain(LONG_WORD);
    // pdftotext -bbox gives each word's box: nothing reaches past the right margin (595 - 50).
    const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const right = [...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(right.length).toBeGreaterThan(100);
    expect(Math.max(...right)).toBeLessThanOrEqual(595.28 - 50 + 1);
  });

  it('attaches the evidence bundle as evidence.json and prints its SHA-256 on the first page', () => {
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toMatch(/1: evidence\.json/);
    const saved = join(dir, 'evidence.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(readFileSync(saved, 'utf8')).toBe(EVIDENCE);
    const sha = createHash('sha256').update(EVIDENCE, 'utf8').digest('hex');
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(flat(page1)).toContain(sha);
  });

  it('lays the audit trail over several pages with a footer on each', () => {
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages} · generated 2026-11-23 16:20:00 UTC · Signoff`);
    for (const seq of [1000, 1040, 1079]) expect(text).toMatch(new RegExp(`\\b${seq}\\b`));
    expect(text).toContain('80 entries. End of report.');
  });

  it('sets title, producer and creation date from the input', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Signature report: Batch record BR-2026-0147/);
    expect(info).toMatch(/Producer:\s+Signoff/);
    expect(info).toMatch(/CreationDate:.*Nov 23 .*2026/);
  });

  it('survives control characters, emoji, an empty item and no evidence', async () => {
    const odd = sampleReport();
    odd.item.title = '名前\u0000\t\n🙂 ﷽';
    odd.signatures = [];
    odd.decisions = [];
    odd.auditEntries = [];
    delete odd.evidence;
    odd.devMailbox = false;
    const out = join(dir, 'odd.pdf');
    writeFileSync(out, await renderSignatureReport(odd));
    const oddText = pdfToText(out);
    expect(oddText).toContain('名前');
    expect(oddText).toContain('No electronic signature was applied to this item.');
    expect(oddText).toContain('No decision was recorded on this item.');
    expect(oddText).toContain('Page 1 of 1');
    expect(oddText).not.toContain('Development mailbox');
    expect(execFileSync('pdfdetach', ['-list', out], { encoding: 'utf8' })).toMatch(/0 embedded files/);
  });

  it('ends on a heavy item: 1,000 audit entries, 10,000-character comments and over-long texts, cut and said so', async () => {
    const big = sampleReport();
    big.item.title = 'z'.repeat(200_000);
    big.decisions = Array.from({ length: 100 }, (_, i) => ({
      at: '2026-11-23T12:00:00.000Z',
      actor: `Reviewer ${i}`,
      stepName: 'QA',
      decision: 'approve' as const,
      method: null,
      comment: i % 10 === 0 ? `${'c'.repeat(5_000)} ${'word '.repeat(1_000)}` : 'ok',
    }));
    big.auditEntries = Array.from({ length: 1_000 }, (_, i) => ({
      seq: i,
      at: '2026-11-23T12:00:00.000Z',
      type: 'decision.recorded',
      actor: `actor ${i}`,
      summary: i % 50 === 0 ? LONG_WORD.repeat(50) : `entry ${i}`,
      hash: CONTENT,
    }));
    const out = join(dir, 'big.pdf');
    writeFileSync(out, await renderSignatureReport(big));
    const bigText = pdfToText(out);
    expect(bigText).toContain('Some texts longer than 10,000 characters are cut short');
    expect(bigText).toContain('1,000 entries. End of report.');
    expect(bigText).toContain('Reviewer 99');
    // Ten 10,000-character comments (about a page and a half each at 9 pt) and 1,000 table rows
    // (about 28 a page): the order of magnitude says all was laid out, nothing repeated.
    const pages = pageCount(out);
    expect(pages).toBeGreaterThan(40);
    expect(pages).toBeLessThan(120);
  });

  it('caps lists and texts before layout, and says what it left off', () => {
    const absurd = sampleReport();
    const huge = 'a'.repeat(1_000_000);
    absurd.auditEntries = Array.from({ length: REPORT_LIMITS.auditEntries + 500 }, (_, i) => ({
      seq: i,
      at: '',
      type: 't',
      actor: huge,
      summary: 's',
      hash: '',
    }));
    absurd.decisions = Array.from({ length: REPORT_LIMITS.decisions + 1 }, () => ({
      at: '',
      actor: 'x',
      stepName: 's',
      decision: 'approve' as const,
      method: null,
      comment: huge,
    }));
    const bounded = boundInput(absurd);
    expect(bounded.auditEntries).toHaveLength(REPORT_LIMITS.auditEntries);
    expect(bounded.decisions).toHaveLength(REPORT_LIMITS.decisions);
    expect(bounded.auditEntries[0]!.actor.length).toBeLessThanOrEqual(REPORT_LIMITS.label + 4);
    expect(bounded.decisions[0]!.comment!.length).toBeLessThanOrEqual(REPORT_LIMITS.text + 4);
    expect(bounded.notes).toEqual(
      expect.arrayContaining(['Only the first 2,000 of 2,500 audit entries are printed.', 'Only the first 2,000 of 2,001 decisions are printed.']),
    );
    expect(boundInput(sampleReport()).notes).toEqual([]);
  });

  it('formats times as UTC to the second', () => {
    expect(formatUtc('2026-11-23T14:05:09.999Z')).toBe('2026-11-23 14:05:09 UTC');
    expect(formatUtc('2026-11-23T15:05:09+01:00')).toBe('2026-11-23 14:05:09 UTC');
    expect(formatUtc('not a time')).toBe('not a time');
  });

  it('draws page 1 with ink inside the 50 pt margins only, and keeps PNGs for review (test-results/screenshots/signature-report-*.png)', () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const prefix = join(SCREENSHOTS, 'signature-report');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '3', file, prefix]);
    expect(readFileSync(`${prefix}-1.png`).subarray(1, 4).toString()).toBe('PNG');
    // The same page as 8-bit grey (binary PGM: "P5 width height 255" then one byte a pixel).
    execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', file, `${prefix}-grey`]);
    const pgm = readFileSync(`${prefix}-grey-1.pgm`);
    const [magic, w, h, max] = pgm.toString('latin1', 0, 32).split(/\s+/u);
    expect([magic, max]).toEqual(['P5', '255']);
    const width = Number(w),
      height = Number(h);
    expect([width, height]).toEqual([596, 842]); // A4 (595.28 × 841.89 pt) at 72 dpi: one pixel a point
    const pixels = pgm.subarray(pgm.length - width * height);
    const inkAt = (x0: number, x1: number, y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixels[y * width + x]! < 128) n++;
      return n;
    };
    expect(inkAt(50, width - 50, 50, height - 30)).toBeGreaterThan(5000);
    expect(inkAt(0, 40, 0, height) + inkAt(width - 40, width, 0, height) + inkAt(0, width, 0, 30)).toBe(0);
  });
});
