// A real `signoff serve` process. Background work is not silent: with an SMTP server that
// refuses connections it logs the mail worker's failed delivery as a JSON line tagged with its
// component. And it runs with the memory settings Node reads only at start (process-tuning.ts).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, setUp } from '../../support/fixtures.ts';
import { createClient } from '../../support/http-client.ts';
import { freshDatabase, type TestDatabase } from '../../support/dialects.ts';
import { freePort, startProcess, type ServerProcess } from '../../support/start-signoff.ts';

describe('the signoff serve process', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    const closed = await freePort();
    db = await freshDatabase('sqlite');
    server = await startProcess({ ...db.env, SIGNOFF_SMTP_URL: `smtp://127.0.0.1:${closed}` }, { dataDir: db.dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('logs a failed delivery of the mail worker with its component', async () => {
    const client = createClient(server.url);
    await setUp(client);
    expect((await client.post('/api/v1/auth/password-reset', { email: ADMIN.email })).status).toBe(202);
    const deadline = Date.now() + 10_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = server
        .logs()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.component === 'mail' && String(l.msg).startsWith('mail delivery failed'));
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    expect(line, server.logs()).toMatchObject({ component: 'mail', level: 40, msg: 'mail delivery failed; will retry' });
    expect(JSON.stringify(line)).not.toContain('reset-password#token=');
  });

  it('replaced itself at start with a 4 MiB young-generation semi-space and two malloc arenas, keeping its pid', () => {
    const cmdline = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-semi-space-size=4');
    expect(cmdline.slice(-3).join(' ')).toMatch(/bin\/signoff\.mjs serve $/);
    expect(readFileSync(`/proc/${server.child.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
  });
});
