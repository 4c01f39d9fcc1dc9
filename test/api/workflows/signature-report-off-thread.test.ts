// The signature report renders in a worker thread (issue 10 item 7): while the report of a heavy
// item is being drawn, the server keeps answering. Proved by order, not by timing: the test
// listens on the renderer's diagnostics channel, checks that the thread that drew the report is
// not the main one, and counts /healthz answers that arrive after the render started and before
// it ended.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRenderChannel } from '../../../src/signatures/index.ts';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit } from './workflow-fixtures.ts';

const ENTRIES = 300;
// A 4,000-character word (the kind that took 64 s before, blocking everything) in every tenth entry.
const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(89);

describe.each(DIALECTS)('signature report off the request path on %s', (dialect) => {
  let s: TestServer;
  let admin: Awaited<ReturnType<typeof setUp>>;
  let dir: string;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual' });
    admin = await setUp(s.client);
    dir = mkdtempSync(join(tmpdir(), 'signoff-report-api-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await s?.stop();
  });

  it('answers /healthz while the report of an item with hundreds of audit entries and 4,000-character words renders', async () => {
    const k = workflowKit(s, () => admin.token);
    const reviewer = await k.person('rhea');
    const item = await k.submit(admin.token, await k.workflow([{ reviewers: [{ user: reviewer.id }], threshold: { type: 'any' } }]));
    // The item's trail, as many comments would leave it (appended in one transaction for speed).
    await s.signoff.services.db.transaction().execute(async (tx) => {
      for (let i = 0; i < ENTRIES; i++) {
        await s.signoff.services.audit.append(tx, {
          orgId: admin.orgId,
          type: 'decision.recorded',
          actor: { userId: reviewer.id, label: 'Rhea' },
          target: { type: 'item', id: item.id },
          data: { itemId: item.id, decision: 'approve', comment: i % 10 === 0 ? `see ${LONG_WORD}` : `n${i}` },
        });
      }
    });

    const during: number[] = [];
    const threads: (number | undefined)[] = [];
    let rendering = false;
    let polling: Promise<void> | undefined;
    const poll = async () => {
      while (rendering) {
        const res = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(20_000) });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        if (rendering) during.push(1);
      }
    };
    const subscribers = {
      start: () => {
        rendering = true;
        polling = poll();
      },
      end: () => {},
      asyncStart: () => {},
      asyncEnd: (context: { threadId?: number }) => {
        rendering = false;
        threads.push(context.threadId);
      },
      error: () => {
        rendering = false;
      },
    };
    reportRenderChannel.subscribe(subscribers);
    try {
      const res = await fetch(`${s.url}/api/v1/items/${item.id}/signature-report`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(res.status).toBe(200);
      const pdf = Buffer.from(await res.arrayBuffer());
      await polling;
      // Drawn in a worker thread (the main thread's id is 0), and the server answered meanwhile.
      expect(threads).toHaveLength(1);
      expect(threads[0]).toBeGreaterThan(0);
      expect(during.length).toBeGreaterThan(0);

      const file = join(dir, 'heavy.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      // The submission and the entries appended, down to the last one.
      expect(text).toContain('301 entries. End of report.');
      expect(text).toContain('comment: n299');
      expect(text).toContain('Pneumonoultramicroscopic');
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThan(5);
    } finally {
      reportRenderChannel.unsubscribe(subscribers);
    }
  });
});
