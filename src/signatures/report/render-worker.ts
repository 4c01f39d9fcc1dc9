// The worker thread's task (piscina): one report per call. Fonts stay parsed between calls.
import { threadId } from 'node:worker_threads';
import type { SignatureReportInput } from './input.ts';
import { renderReportPdf } from './render.ts';

export default async function render(input: SignatureReportInput): Promise<{ pdf: Uint8Array; threadId: number }> {
  return { pdf: await renderReportPdf(input), threadId };
}
