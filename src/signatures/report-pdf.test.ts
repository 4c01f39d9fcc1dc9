// The printable signature report (SECURITY.md J1): the printed name, the UTC date and time and
// the meaning of every signature are in the PDF's text, as pdftotext extracts it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_VALID_MARKER, formatUtc, renderSignatureReport, type SignatureReportInput } from './report-pdf.ts';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const CONTENT = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';
const OTHER_CONTENT = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const EVENTS = ['item.submitted', 'guest.invited', 'second_factor.verified', 'decision.recorded', 'signature.applied', 'step.closed', 'guest.code_failed'];

function sampleReport(): SignatureReportInput {
  const t0 = Date.UTC(2026, 10, 23, 9, 0, 0);
  return {
    siteName: 'Signoff', generatedAt: '2026-11-23T16:20:00.000Z', organization: 'Acme Pharma GmbH',
    item: {
      id: 'itm_k3j5m2n4p6q7r8s2t3u4v5w6x7', title: 'Batch record BR-2026-0147: tablet compression, line 3 (revision C)', status: 'approved',
      contentHash: CONTENT, workflowName: 'GMP batch release', workflowVersion: 3, submitter: 'Ada Admin <ada@acme.test>', submittedAt: '2026-11-23T09:00:00.000Z',
    },
    signatures: [
      { printedName: 'Dr. Zoë Łukasiewicz-Østergaard (品質保証)', email: 'zoe@acme.test', meaning: 'Approved: batch meets specification', signedAt: '2026-11-23T14:05:09.000Z', decision: 'approve', stepName: 'Quality assurance review', contentHash: CONTENT, valid: true },
      { printedName: 'Rita Reviewer', email: 'rita@acme.test', meaning: 'Reviewed', signedAt: '2026-11-23T15:30:41.250Z', decision: 'reject', stepName: 'Qualified person release', contentHash: OTHER_CONTENT, valid: false },
    ],
    auditEntries: Array.from({ length: 80 }, (_, i) => ({
      seq: 1000 + i,
      at: new Date(t0 + i * 137_000).toISOString(),
      type: EVENTS[i % EVENTS.length]!,
      actor: i % 5 === 0 ? 'guest: external.auditor@partner-laboratory.example' : i % 3 === 0 ? 'Зоя Łukasiewicz' : 'rita@acme.test',
      summary: i % 4 === 0
        ? `Step "Quality assurance review" closed by threshold 2 of 3 after approvals by Zoë and Rita; content ${CONTENT} unchanged since submission, moving to the next step`
        : `Entry ${i + 1}: ${EVENTS[i % EVENTS.length]} recorded`,
      hash: (i.toString(16).padStart(2, '0')).repeat(32),
    })),
  };
}

const pdfToText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe('signature report PDF', () => {
  let dir: string;
  let file: string;
  let bytes: Uint8Array;
  let text: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signoff-report-'));
    file = join(dir, 'report.pdf');
    bytes = await renderSignatureReport(sampleReport());
    writeFileSync(file, bytes);
    text = pdfToText(file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the printed name, meaning and UTC date and time of every signature', () => {
    for (const name of ['Dr. Zoë Łukasiewicz-Østergaard', 'Rita Reviewer']) {
      // Helvetica has no Ł: it prints as its base letter L; a name in another script as '?'.
      expect(text).toContain(name.replace('Ł', 'L'));
    }
    expect(text).toContain('(????)');
    expect(text).toContain('Approved: batch meets specification');
    expect(text).toContain('Reviewed');
    expect(text).toContain('2026-11-23 14:05:09 UTC');
    expect(text).toContain('2026-11-23 15:30:41 UTC');
  });

  it('prints the item, its workflow version and the content SHA-256 it signs', () => {
    expect(text).toContain('Signature report');
    expect(text).toContain('Batch record BR-2026-0147');
    expect(text).toContain('itm_k3j5m2n4p6q7r8s2t3u4v5w6x7');
    expect(text).toContain('GMP batch release (version 3)');
    expect(text.replace(/\s+/g, '')).toContain(CONTENT);
    expect(text.replace(/\s+/g, '')).toContain(OTHER_CONTENT);
  });

  it('marks a signature whose record does not match the content as not valid, and only that one', () => {
    expect(text.split(NOT_VALID_MARKER)).toHaveLength(2);
    expect(text.indexOf(NOT_VALID_MARKER)).toBeGreaterThan(text.indexOf('Rita Reviewer'));
  });

  it('lays the audit trail over several pages with a footer on each', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfInfo(file))![1]);
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages} · generated 2026-11-23 16:20:00 UTC · Signoff`);
    for (const seq of [1000, 1040, 1079]) expect(text).toMatch(new RegExp(`\\b${seq}\\b`));
    expect(text).toContain('Audit trail of this item');
  });

  it('sets title, producer and creation date from the input, and renders the same bytes twice', async () => {
    const info = pdfInfo(file);
    expect(info).toMatch(/Title:\s+Signature report: Batch record BR-2026-0147/);
    expect(info).toMatch(/Producer:\s+Signoff/);
    expect(info).toMatch(/CreationDate:.*2026/);
    expect(Buffer.from(await renderSignatureReport(sampleReport())).equals(Buffer.from(bytes))).toBe(true);
  });

  it('survives text in any script, control characters and empty sections', async () => {
    const odd = sampleReport();
    odd.item.title = '名前\u0000\t\n🙂 ﷽';
    odd.signatures = [];
    odd.auditEntries = [];
    const out = join(dir, 'odd.pdf');
    writeFileSync(out, await renderSignatureReport(odd));
    const oddText = pdfToText(out);
    expect(oddText).toContain('No electronic signature was applied to this item.');
    expect(oddText).toContain('Page 1 of 1');
  });

  it('formats times as UTC to the second', () => {
    expect(formatUtc('2026-11-23T14:05:09.999Z')).toBe('2026-11-23 14:05:09 UTC');
    expect(formatUtc('2026-11-23T15:05:09+01:00')).toBe('2026-11-23 14:05:09 UTC');
    expect(formatUtc('not a time')).toBe('not a time');
  });

  it('renders page 1 to a PNG for review', () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const prefix = join(SCREENSHOTS, 'signature-report');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
    const png = readFileSync(`${prefix}.png`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(`${prefix}.png`).size).toBeGreaterThan(15_000);
  });
});
