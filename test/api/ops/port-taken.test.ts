// A test server whose base URL names its port (SSO callbacks, the browser's origin) picks the
// port before it starts; something else may bind it in between (a server of a test file running
// beside, an ephemeral port handed out again). It then starts on another one, and the attempt
// that could not listen leaves nothing behind.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInProcess, startOnChosenPort } from '../../support/start-signoff.ts';

let blocker: Server;
let taken: number;
beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  taken = (blocker.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

it('refuses a port another listener holds with EADDRINUSE', async () => {
  await expect(startInProcess('sqlite', { env: { SIGNOFF_PORT: String(taken) } })).rejects.toThrow(/EADDRINUSE/);
});

it('starts on another chosen port when the first was taken meanwhile', async () => {
  const chosen: number[] = [];
  const s = await startOnChosenPort('sqlite', (port) => {
    chosen.push(chosen.length === 0 ? taken : port);
    return { env: { SIGNOFF_PORT: String(chosen.at(-1)) } };
  });
  try {
    expect(chosen).toHaveLength(2);
    expect(s.url).toBe(`http://127.0.0.1:${chosen[1]}`);
    expect((await s.client.get('/healthz')).status).toBe(200);
  } finally {
    await s.stop();
  }
});
