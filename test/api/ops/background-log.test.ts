// A real `signoff serve` process. Background work is not silent: with an SMTP server that
// refuses connections it logs the mail worker's failed delivery as a JSON line tagged with its
// component. At the default level it logs each request once it is answered, in one line. And it
// runs with the memory settings Node reads only at start (process-tuning.ts).
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
    server = await startProcess({ ...db.env, SIGNOFF_SMTP_URL: `smtp://127.0.0.1:${closed}`, SIGNOFF_LOG_LEVEL: 'info' }, { dataDir: db.dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const logLines = () =>
    server
      .logs()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs each answered request in one line at the default level: method, URL, status, time and request id, no cookie', async () => {
    const requestId = 'one-line-per-request-1';
    const res = await fetch(`${server.url}/api/v1/auth/session`, { headers: { 'x-request-id': requestId, cookie: 'signoff_session=secret-value' } });
    expect(res.status).toBe(401);
    await res.arrayBuffer();
    let lines: Record<string, unknown>[] = [];
    const deadline = Date.now() + 10_000;
    while (lines.length === 0 && Date.now() < deadline) {
      lines = logLines().filter((l) => l.reqId === requestId);
      if (lines.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/auth/session' }),
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-value');
  });

  it('logs a failed delivery of the mail worker with its component', async () => {
    const client = createClient(server.url);
    await setUp(client);
    expect((await client.post('/api/v1/auth/password-reset', { email: ADMIN.email })).status).toBe(202);
    const deadline = Date.now() + 10_000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = logLines().find((l) => l.component === 'mail' && String(l.msg).startsWith('mail delivery failed'));
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
