// Attack (or accident): the data directory fills up. Uploads then answer 507
// insufficient_storage and /readyz answers 503, so a load balancer takes the instance out of
// rotation, instead of a 500 on every request. The floor is SIGNOFF_DATA_MIN_FREE_MB, set here
// far above any real disk's free space (the real fs.statfs, no root tricks); the upload quota
// answers 409 upload_quota_exceeded over HTTP.
// @see docs/security.md K4 (never a 500); CWE-400
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';

const upload = (s: TestServer, token: string, name: string, body: string) =>
  fetch(`${s.url}/api/v1/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });

describe.each(DIALECTS)('%s: uploads and the disk', (dialect) => {
  describe('with the data directory below its free-space floor', () => {
    let s: TestServer;
    let token: string;
    beforeAll(async () => {
      s = await startInProcess(dialect, { env: { SIGNOFF_DATA_MIN_FREE_MB: '100000000' } });
      token = (await setUp(s.client)).token;
    });
    afterAll(() => s?.stop());

    // @see docs/security.md#k-reliability-under-concurrency K4, K7
    it('uploads answer 507 insufficient_storage and /readyz 503, while the rest of the API works', async () => {
      const res = await upload(s, token, 'batch.txt', 'some content');
      expect(res.status).toBe(507);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await res.json()).code).toBe('insufficient_storage');
      const ready = await s.client.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.code).toBe('service_unavailable');
      expect((await s.client.get('/healthz')).status).toBe(200);
      expect((await s.client.get('/api/v1/auth/session', token)).status).toBe(200);
    });
  });

  describe('with a quota of two pending uploads', () => {
    let s: TestServer;
    let token: string;
    beforeAll(async () => {
      s = await startInProcess(dialect, { env: { SIGNOFF_UPLOAD_PENDING_MAX: '2' } });
      token = (await setUp(s.client)).token;
    });
    afterAll(() => s?.stop());

    // @see docs/security.md#k-reliability-under-concurrency K7
    it('the third pending upload answers 409 upload_quota_exceeded; /readyz stays ready', async () => {
      expect((await upload(s, token, 'a.txt', 'a')).status).toBe(201);
      expect((await upload(s, token, 'b.txt', 'b')).status).toBe(201);
      const third = await upload(s, token, 'c.txt', 'c');
      expect(third.status).toBe(409);
      expect((await third.json()).code).toBe('upload_quota_exceeded');
      expect((await s.client.get('/readyz')).status).toBe(200);
    });
  });
});
