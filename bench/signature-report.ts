// `npm run bench:report`: how long the signature report of a heavy item takes, and whether the
// server's event loop stays free meanwhile. The item: 1,000 audit entries (every tenth with a
// 4,000-character word), 20 decisions with 10,000-character comments (half of them one word),
// four signers in four scripts, a 100 kB evidence bundle. Renders through the worker thread as
// the server does: the first run includes starting the worker and parsing the fonts.
// REPORT_RUNS (default 5) sets the number of runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { closeReportRenderer, renderSignatureReport, type SignatureReportInput } from '../src/signatures/index.ts';

const HASH = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';
const WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(89);

export function heavyItem(): SignatureReportInput {
  const t0 = Date.UTC(2026, 10, 23, 9);
  const names = ['Łukasz Żółć', 'Σοφία Παπαδοπούλου', 'Дмитрий Иванов', '张伟'];
  return {
    siteName: 'Signoff',
    generatedAt: new Date(t0).toISOString(),
    methodNames: { totp: 'Authenticator app (TOTP)', webauthn: 'Passkey or security key' },
    organization: 'Acme Pharma GmbH',
    devMailbox: true,
    item: {
      id: 'itm_bench',
      title: `Batch record ${WORD.slice(0, 300)}`,
      status: 'approved',
      contentHash: HASH,
      workflowName: 'GMP batch release',
      workflowVersion: 3,
      submitter: 'Ada Admin <ada@acme.test>',
      submittedAt: new Date(t0).toISOString(),
    },
    signatures: names.map((printedName, i) => ({
      printedName,
      email: `s${i}@acme.test`,
      meaning: 'approved',
      signedAt: new Date(t0 + i * 60_000).toISOString(),
      decision: 'approve' as const,
      stepName: 'QA',
      contentHash: HASH,
      valid: i !== 1,
      method: 'totp' as const,
    })),
    decisions: Array.from({ length: 20 }, (_, i) => ({
      at: new Date(t0 + i * 60_000).toISOString(),
      actor: names[i % 4]!,
      stepName: 'QA',
      decision: 'approve' as const,
      method: i % 2 ? null : ('webauthn' as const),
      comment: i % 2 ? 'x'.repeat(10_000) : 'a reasoned comment '.repeat(527),
    })),
    auditEntries: Array.from({ length: 1_000 }, (_, i) => ({
      seq: i + 1,
      at: new Date(t0 + i * 1_000).toISOString(),
      type: 'decision.recorded',
      actor: names[i % 4]!,
      summary: i % 10 === 0 ? `comment: ${WORD}` : `decision: approve; comment: entry ${i}`,
      hash: HASH,
    })),
    evidence: { json: JSON.stringify({ entries: Array.from({ length: 1_000 }, (_, i) => ({ seq: i, hash: HASH })) }) },
  };
}

const runs = import.meta.main ? Number(process.env.REPORT_RUNS ?? 5) : 0;
const input = heavyItem();
const rows: string[] = [];
for (let i = 0; i < runs; i++) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const pdf = await renderSignatureReport(input);
  const ms = performance.now() - started;
  delay.disable();
  rows.push(
    `run ${i + 1}${i === 0 ? ' (cold worker)' : ''}: ${ms.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} kB; main event loop max delay ${(delay.max / 1e6).toFixed(1)} ms`,
  );
}
if (runs > 0) await closeReportRenderer();
// The same render in this thread, for its CPU time: on a shared machine the wall time above
// counts the other processes' turns too; CPU time is what the report itself costs.
const { renderReportPdf } = await import('../src/signatures/report/render.ts');
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await renderReportPdf(input);
  const used = process.cpuUsage(cpu);
  rows.push(
    `in-thread run ${i + 1}${i === 0 ? ' (fonts parsed)' : ''}: ${(performance.now() - started).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`,
  );
}
if (runs > 0) console.log(`signature report, heavy item (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)})`);
for (const r of rows) console.log(r);
