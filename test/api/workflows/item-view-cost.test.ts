// What an item view reads (issue 14): everyone it names (the submitter, every reviewer and
// person to escalate to, every version's author) comes from one read of the users, however
// many steps and reviewers the workflow has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.ts';
import { setUp } from '../../support/fixtures.ts';
import { startInProcess, type TestServer } from '../../support/start-signoff.ts';
import { workflowKit, type Person } from './workflow-fixtures.ts';

describe.each(DIALECTS)('%s: the reads of an item view', (dialect) => {
  let s: TestServer;
  let admin: { token: string };
  let k: ReturnType<typeof workflowKit>;
  let people: Person[];
  beforeAll(async () => {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_MAIL_POLL_MS: '60000' } });
    admin = await setUp(s.client);
    k = workflowKit(s, () => admin.token);
    people = [];
    for (const name of ['sam', 'dave', 'nora', 'erin', 'olga']) people.push(await k.person(name));
  });
  afterAll(() => s?.stop());

  it('names the submitter, every reviewer and every version author with one read of the users', async () => {
    const [sam, ...reviewers] = people as [Person, ...Person[]];
    const wf = await k.workflow([
      { reviewers: reviewers.slice(0, 2).map((p) => ({ user: p.id })) },
      { reviewers: reviewers.slice(2).map((p) => ({ user: p.id })) },
    ]);
    const item = await k.submit(sam.token, wf);
    const seen: string[] = [];
    const stop = s.signoff.database.onStatement((text) => seen.push(text));
    const view = await k.item(sam.token, item.id);
    stop();
    expect(seen.filter((text) => /from "users"/.test(text))).toHaveLength(1);
    expect(view.submitter).toMatchObject({ id: sam.id, email: sam.email });
    expect(view.versions.map((v: { by: { email: string } }) => v.by.email)).toEqual([sam.email]);
    const named = view.steps.flatMap((st: { reviewers: { id: string; email: string; label: string }[] }) => st.reviewers);
    expect(named.map((r: { id: string }) => r.id)).toEqual(reviewers.map((p) => p.id));
    expect(named.map((r: { email: string }) => r.email)).toEqual(reviewers.map((p) => p.email));
    for (const r of named) expect(r.label).toMatch(/^\S.* <[^>]+>$/);
  });
});
