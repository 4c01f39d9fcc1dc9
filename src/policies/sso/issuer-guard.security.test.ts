// Attack: server-side request forgery through the SSO issuer. An admin (or whoever holds an
// admin session) saves an issuer at a loopback, private or cloud-metadata address, and the
// public SSO start makes the server fetch it; or saves a public name whose DNS later answers
// 127.0.0.1 (rebinding). The guard refuses at save time and again at connect time, and bounds
// what an allowed provider may send. No test here sends traffic anywhere but 127.0.0.1.
// @see CWE-918; OWASP SSRF Prevention Cheat Sheet ("Application layer": resolve and check at connect time)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuerGuard, isPublicAddress, IssuerRefused, type Resolver } from './issuer-guard.ts';

/** A server on 127.0.0.1 that counts the connections it accepts. */
async function trap(handler: (url: string, res: import('node:http').ServerResponse) => void = (_u, res) => res.end('{}')) {
  let connections = 0;
  const server: Server = createServer((req, res) => handler(req.url ?? '/', res));
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fixed =
  (answers: Record<string, string[]>): Resolver =>
  async (host) => {
    const a = answers[host];
    if (!a) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

// @see docs/security.md#k-reliability-under-concurrency K6
describe('SSO issuer SSRF guard', () => {
  it('judges only public unicast addresses reachable, IPv4-mapped and IPv4-compatible forms included', () => {
    const refused = [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::127.0.0.1',
      '[::1]',
      'not-an-ip',
    ];
    for (const a of refused) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.215.14']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('refuses at save: plain http, credentials, loopback/private/link-local literals and names resolving to them', async () => {
    const guard = createIssuerGuard({
      allowHosts: [],
      resolve: fixed({ 'idp.example.test': ['93.184.215.14'], 'inside.example.test': ['10.1.2.3'], 'mixed.example.test': ['93.184.215.14', '127.0.0.1'] }),
    });
    await expect(guard.checkIssuer('https://idp.example.test/realm')).resolves.toBeUndefined();
    const cases: [string, RegExp][] = [
      ['http://idp.example.test', /must be an https URL/],
      ['https://user:pw@idp.example.test', /credentials/],
      ['https://127.0.0.1:8443', /127\.0\.0\.1 is loopback, private/],
      ['https://[::1]:8443', /::1 is loopback/],
      ['https://[::ffff:7f00:1]/', /::ffff:7f00:1 is loopback/],
      ['https://10.0.0.8/', /not public/],
      ['https://169.254.169.254/latest/meta-data', /not public/],
      ['https://0.0.0.0/', /not public/],
      ['https://2130706433/', /127\.0\.0\.1/],
      ['https://inside.example.test/', /resolves to 10\.1\.2\.3/],
      ['https://mixed.example.test/', /resolves to 127\.0\.0\.1/],
      ['https://nowhere.example.test/', /does not resolve/],
      ['ftp://idp.example.test/', /https URL/],
      ['not a url', /absolute URL/],
    ];
    for (const [issuer, detail] of cases) {
      const err = await guard.checkIssuer(issuer).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, issuer).toBeInstanceOf(IssuerRefused);
      expect((err as IssuerRefused).detail, issuer).toMatch(detail);
    }
  });

  it('lets a host of SIGNOFF_SSO_ALLOW_HOSTS through over http at a loopback address, by host or host:port', async () => {
    const guard = createIssuerGuard({ allowHosts: ['127.0.0.1:4000', 'idp.internal'], resolve: fixed({ 'idp.internal': ['10.0.0.5'] }) });
    await expect(guard.checkIssuer('http://127.0.0.1:4000/idp')).resolves.toBeUndefined();
    await expect(guard.checkIssuer('http://idp.internal:8080')).resolves.toBeUndefined();
    await expect(guard.checkIssuer('http://127.0.0.1:4001/idp')).rejects.toBeInstanceOf(IssuerRefused);
  });

  describe('at connect time', () => {
    let t: Awaited<ReturnType<typeof trap>>;
    beforeAll(async () => {
      t = await trap();
    });
    afterAll(() => t.close());

    it('refuses a name that resolved to a public address at save and resolves to 127.0.0.1 now (DNS rebinding): no connection is made', async () => {
      let answer = '93.184.215.14';
      const guard = createIssuerGuard({ allowHosts: [], resolve: async () => [{ address: answer, family: 4 }] });
      await expect(guard.checkIssuer(`https://rebind.example.test:${t.port}`)).resolves.toBeUndefined();
      answer = '127.0.0.1';
      await expect(guard.fetch(`https://rebind.example.test:${t.port}/.well-known/openid-configuration`, {})).rejects.toThrow();
      answer = '::ffff:127.0.0.1';
      await expect(guard.fetch(`https://rebind.example.test:${t.port}/.well-known/openid-configuration`, {})).rejects.toThrow();
      expect(t.connections()).toBe(0);
    });

    it('refuses endpoints the discovery document names at loopback literals, and plain http anywhere not allow-listed', async () => {
      const guard = createIssuerGuard({ allowHosts: [] });
      await expect(guard.fetch(`https://127.0.0.1:${t.port}/token`, { method: 'POST' })).rejects.toBeInstanceOf(IssuerRefused);
      await expect(guard.fetch(`http://127.0.0.1:${t.port}/token`, {})).rejects.toBeInstanceOf(IssuerRefused);
      await expect(guard.fetch(`https://localhost:${t.port}/jwks`, {})).rejects.toThrow();
      await expect(guard.fetch(`https://x:y@127.0.0.1:${t.port}/`, {})).rejects.toBeInstanceOf(IssuerRefused);
      expect(t.connections()).toBe(0);
    });
  });

  describe('an allow-listed provider', () => {
    let t: Awaited<ReturnType<typeof trap>>;
    beforeAll(async () => {
      t = await trap((url, res) => {
        if (url === '/big') {
          res.write(Buffer.alloc(600 * 1024, 97));
          res.end(Buffer.alloc(600 * 1024, 97));
          return;
        }
        if (url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
          return;
        }
        if (url === '/stall') {
          res.writeHead(200);
          res.write('{');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"issuer":"ok"}');
      });
    });
    afterAll(() => t.close());
    const guardFor = (timeoutMs?: number) => createIssuerGuard({ allowHosts: [`127.0.0.1:${t.port}`], timeoutMs });

    it('is fetched, and its answer handed back as a Response', async () => {
      const res = await guardFor().fetch(`http://127.0.0.1:${t.port}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ issuer: 'ok' });
    });

    it('may not send more than 1 MB', async () => {
      await expect(guardFor().fetch(`http://127.0.0.1:${t.port}/big`, {})).rejects.toThrow(/exceeds 1048576 bytes/);
    });

    it('is not followed through a redirect', async () => {
      const res = await guardFor().fetch(`http://127.0.0.1:${t.port}/redirect`, {});
      expect(res.status).toBe(302);
    });

    it('may not hold the request open past the time limit', async () => {
      // 100 ms stands for the 10 s default; the server never finishes its answer.
      await expect(guardFor(100).fetch(`http://127.0.0.1:${t.port}/stall`, {})).rejects.toThrow();
    });
  });
});
