// Items over the API on both databases: text and file content (streamed, size-limited,
// SHA-256), workflow validation, reviewer emails, the task list, and tenancy (J10: another
// organisation's workflow, item, file and tasks answer 404 and change nothing).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { createSecondOrganization } from '../admin/admin-fixtures.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.each(DIALECTS)('items on %s', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let submitter: Person;
  let reviewer: Person;

  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_UPLOAD_MAX_MB: '1' } });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    submitter = await k.person('sam');
    reviewer = await k.person('rita');
  });
  afterAll(() => s?.stop());

  const upload = (token: string, body: Uint8Array, name = 'batch record.pdf') =>
    fetch(`${s.url}/api/v1/uploads?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: body as unknown as BodyInit,
    });

  it("stores a text item with the SHA-256 of its content and emails the step's reviewers", async () => {
    const wf = await k.workflow([{ reviewers: [{ user: reviewer.id }], requireTwoFactor: true }]);
    const content = 'Lot 42: conforms.';
    const before = await k.outboxIds();
    const item = await k.submit(submitter.token, wf, content);
    expect(item.contentHash).toBe(createHash('sha256').update(content).digest('hex'));
    const mails = await s.signoff.services.db
      .selectFrom('mail_outbox')
      .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
      .select(['id', 'to_address', 'template', 'text_body'])
      .where('template', '=', 'review-request')
      .execute();
    const mine = mails.filter((m) => !before.has(m.id));
    expect(mine.map((m) => m.to_address)).toEqual([reviewer.email]);
    expect(mine[0]!.text_body).toContain(`/items/${item.id}`);
    expect(mine[0]!.text_body).toContain('protected');
    expect(mine[0]!.text_body).not.toContain(content);
    const tasks = await s.client.get('/api/v1/tasks', reviewer.token);
    expect(tasks.body.tasks[0]).toMatchObject({ itemId: item.id, step: 0, requireTwoFactor: true, submitter: { email: submitter.email } });
  });

  it('streams a file to disk, hashes it, and serves it back to readers of the item only', async () => {
    const bytes = randomBytes(300_000);
    const up = await upload(submitter.token, bytes);
    expect(up.status).toBe(201);
    const u = (await up.json()) as { uploadId: string; sha256: string; size: number; name: string };
    expect(u).toMatchObject({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), name: 'batch record.pdf' });
    const wf = await k.workflow([{ reviewers: [{ user: reviewer.id }] }]);
    const created = await s.client.post('/api/v1/items', { workflowId: wf, title: 'With a file', uploadId: u.uploadId }, submitter.token);
    expect(created.status, created.text).toBe(201);
    expect(created.body.contentHash).toBe(u.sha256);
    const view = await k.item(reviewer.token, created.body.id);
    expect(view.content).toMatchObject({ type: 'file', name: 'batch record.pdf', size: bytes.length });
    const download = await fetch(`${s.url}${view.content.downloadUrl}`, { headers: { authorization: `Bearer ${reviewer.token}` } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('x-content-sha256')).toBe(u.sha256);
    const stranger = await k.person('stan');
    expect((await fetch(`${s.url}${view.content.downloadUrl}`, { headers: { authorization: `Bearer ${stranger.token}` } })).status).toBe(404);
    // An upload belongs to one item, and only its uploader may use it.
    const again = await s.client.post('/api/v1/items', { workflowId: wf, title: 'Reuse', uploadId: u.uploadId }, submitter.token);
    expect(again.status).toBe(404);
  });

  it('refuses an upload over the size limit and keeps nothing of it', async () => {
    const res = await upload(submitter.token, randomBytes(1024 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
    const rows = await s.signoff.services.db
      .selectFrom('uploads')
      .select('id')
      .where('size', '>', 1024 * 1024)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses someone else's upload, both content and uploadId, and neither", async () => {
    const u = (await (await upload(submitter.token, Buffer.from('abc'))).json()) as { uploadId: string };
    const wf = await k.workflow([{ reviewers: [{ user: submitter.id }] }]);
    expect((await s.client.post('/api/v1/items', { workflowId: wf, title: 'Theft', uploadId: u.uploadId }, reviewer.token)).status).toBe(404);
    expect((await s.client.post('/api/v1/items', { workflowId: wf, title: 'Both', uploadId: u.uploadId, content: 'x' }, submitter.token)).body.code).toBe(
      'invalid_request',
    );
    expect((await s.client.post('/api/v1/items', { workflowId: wf, title: 'Neither' }, submitter.token)).body.code).toBe('invalid_request');
  });

  it('validates workflow definitions against the organisation', async () => {
    const post = (steps: unknown[]) => s.client.post('/api/v1/workflows', { name: 'Bad', steps }, admin.token);
    expect((await post([{ name: 'A', reviewers: [{ user: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaa' }] }])).body.errors[0].pointer).toBe('#/steps/0/reviewers/0');
    expect((await post([{ name: 'A', reviewers: [{ guest: { email: 'g@example.test' } }], requireSignature: true }])).status).toBe(400);
    expect((await post([{ name: 'A', reviewers: [{ user: reviewer.id }], onReject: 'previous' }])).status).toBe(400);
    expect((await post([{ name: 'A', reviewers: [{ user: reviewer.id }], threshold: { type: 'count', n: 2 } }])).body.errors[0].pointer).toBe(
      '#/steps/0/threshold',
    );
    expect(
      (await s.client.post('/api/v1/workflows', { name: 'By a reviewer', steps: [{ name: 'A', reviewers: [{ user: reviewer.id }] }] }, reviewer.token)).status,
    ).toBe(403);
    const ok = await s.client.get(
      `/api/v1/workflows/${await k.workflow([{ reviewers: [{ role: 'reviewer' }, { guest: { email: 'g@example.test', name: 'Gus' } }], threshold: { type: 'any' } }])}`,
      admin.token,
    );
    expect(ok.body.steps[0]).toMatchObject({
      requireTwoFactor: false,
      requireSignature: false,
      onReject: 'end',
      reviewers: [
        { kind: 'role', role: 'reviewer' },
        { kind: 'guest', email: 'g@example.test', label: 'Gus' },
      ],
    });
  });

  it("pages a reviewer's tasks newest first", async () => {
    const r = await k.person('paula');
    const wf = await k.workflow([{ reviewers: [{ user: r.id }] }]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await k.submit(submitter.token, wf)).id);
      s.clock!.advance(1000);
    }
    const first = await s.client.get('/api/v1/tasks?limit=3', r.token);
    expect(first.body.tasks.map((t: { itemId: string }) => t.itemId)).toEqual(ids.slice(2).reverse());
    const second = await s.client.get(`/api/v1/tasks?limit=3&before=${first.body.nextBefore}`, r.token);
    expect(second.body.tasks.map((t: { itemId: string }) => t.itemId)).toEqual(ids.slice(0, 2).reverse());
    expect(second.body.nextBefore).toBeUndefined();
  });

  it("keeps organisations apart: another organisation's workflow, item, file and decisions answer 404 (J10)", async () => {
    const other = await createSecondOrganization(s);
    const otherToken = await other.token();
    const wf = await k.workflow([{ reviewers: [{ user: reviewer.id }] }]);
    const item = await k.submit(submitter.token, wf);
    const before = await k.recorded(item.id);
    expect((await s.client.get(`/api/v1/workflows/${wf}`, otherToken)).status).toBe(404);
    expect((await s.client.get(`/api/v1/items/${item.id}`, otherToken)).status).toBe(404);
    expect((await s.client.post(`/api/v1/items/${item.id}/decisions`, { step: 0, decision: 'approve' }, otherToken)).status).toBe(404);
    expect((await s.client.post(`/api/v1/items/${item.id}/cancel`, { reason: 'no longer needed' }, otherToken)).status).toBe(404);
    expect((await s.client.post('/api/v1/items', { workflowId: wf, title: 'Cross', content: 'x' }, otherToken)).status).toBe(404);
    expect((await s.client.get(`/api/v1/items/${item.id}/signature-report`, otherToken)).status).toBe(404);
    expect((await s.client.post('/api/v1/workflows', { name: 'Cross', steps: [{ name: 'A', reviewers: [{ user: reviewer.id }] }] }, otherToken)).status).toBe(
      400,
    );
    expect((await s.client.get('/api/v1/items', otherToken)).body.items).toEqual([]);
    expect(await k.recorded(item.id)).toEqual(before);
  });
});
