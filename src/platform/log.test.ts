// The request log behind a trusted proxy (docs/security.md B12): the address Fastify's own
// serializer logs is the one the trail and the budgets take.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './log.ts';

/** Fastify behind a proxy at 127.0.0.1 with Signoff's logger (as main.ts hands it over), and the request log lines of one request. */
async function requestLogOf(forwardedFor: string): Promise<{ remoteAddress?: string }[]> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino(loggerOptions('info'), stream), trustProxy: '127.0.0.1' });
  app.get('/', async () => ({ ok: true }));
  await app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-for': forwardedFor } });
  await app.close();
  return lines.map((l) => (JSON.parse(l) as { req?: { remoteAddress?: string } }).req).filter((r) => r !== undefined);
}

describe('the request log behind a trusted proxy', () => {
  // @see docs/security.md#b-attempt-limits-and-lockout B12
  it('logs a forwarded value that is not an address as the proxy’s own address, and a forwarded address as it came', async () => {
    const junk = await requestLogOf('<script>alert(1)</script>');
    expect(junk.length).toBeGreaterThan(0);
    expect(junk.map((r) => r.remoteAddress)).toEqual(junk.map(() => '127.0.0.1'));
    const forwarded = await requestLogOf('2001:db8:77:2::1');
    expect(forwarded.map((r) => r.remoteAddress)).toEqual(forwarded.map(() => '2001:db8:77:2::1'));
  });
});
