// Renders the signature report in the calling thread: the worker (render-worker.ts) calls it,
// so the server's event loop never runs it. Linear in the (capped, limits.ts) input.
import PDFDocument from 'pdfkit';
import { boundInput, REPORT_LIMITS } from './limits.ts';
import type { SignatureReportInput } from './input.ts';
import { createWriter, PAGE } from './page.ts';
import { drawAuditTrail, drawDecisions, drawFooters, drawItem, drawNotes, drawSignatures, drawTitle } from './sections.ts';

export async function renderReportPdf(raw: SignatureReportInput): Promise<Uint8Array> {
  const input = boundInput(raw);
  const generated = new Date(input.generatedAt);
  const date = Number.isNaN(generated.getTime()) ? new Date(0) : generated;
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `Signature report: ${input.item.title.slice(0, 500)}`,
      Subject: `Electronic signatures and audit trail of item ${input.item.id}`,
      Author: input.organization,
      Creator: input.siteName,
      Producer: 'Signoff',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  let attachmentNote: string | undefined;
  if (input.evidence) {
    const json = Buffer.from(input.evidence.json, 'utf8');
    if (json.length <= REPORT_LIMITS.evidenceBytes) {
      doc.file(json, { name: 'evidence.json', type: 'application/json', description: 'Evidence bundle of this item', creationDate: date, modifiedDate: date });
    } else {
      attachmentNote = `The evidence bundle (${json.length.toLocaleString('en')} bytes) is too large to attach; its SHA-256 is printed above: export it from Signoff.`;
    }
  }

  const w = createWriter(doc, input.item.title);
  drawTitle(w, input);
  drawItem(w, input);
  drawNotes(w, input, attachmentNote);
  drawSignatures(w, input.signatures, input.methodNames);
  drawDecisions(w, input.decisions, input.methodNames);
  drawAuditTrail(w, input.auditEntries);
  drawFooters(w, input);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
