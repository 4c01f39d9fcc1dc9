// Reports render in a worker thread, off the request path: a report of a large item takes
// CPU for a while, and the server's event loop (healthz, every other request) must not wait.
// One thread, started on first use and ended when idle; reports queue behind each other.
import { tracingChannel } from 'node:diagnostics_channel';
import { Piscina } from 'piscina';
import type { SignatureReportInput } from './input.ts';

/**
 * Start and end of each render; at the end, `threadId` names the thread that drew it (never 0,
 * the main thread). The API test proves with it that the event loop answers meanwhile.
 */
export type ReportRenderContext = { input: SignatureReportInput; threadId?: number };
export const reportRenderChannel = tracingChannel<SignatureReportInput, ReportRenderContext>('signoff:signature-report');

let pool: Piscina | undefined;
/** The worker module beside this one, in the same form: src/…/render-worker.ts, or build/…/render-worker.js once compiled. */
const WORKER = new URL(`./render-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url).href;

function getPool(): Piscina {
  pool ??= new Piscina({ filename: WORKER, minThreads: 0, maxThreads: 1, idleTimeout: 60_000 });
  return pool;
}

export async function renderSignatureReport(input: SignatureReportInput): Promise<Uint8Array> {
  const context: ReportRenderContext = { input };
  return reportRenderChannel.tracePromise(async () => {
    const out: { pdf: Uint8Array; threadId: number } = await getPool().run(input);
    context.threadId = out.threadId;
    return out.pdf;
  }, context);
}

/**
 * Ends the worker (tests, shutdown) once the reports already asked for are drawn: a request
 * still waiting for its report at shutdown gets it, not a "worker terminated" error.
 */
export async function closeReportRenderer(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}
