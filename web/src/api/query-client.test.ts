import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from './problem.ts';
import { queryKeys } from './queries.ts';
import { createQueryClient } from './query-client.ts';

/** Runs one query through an observer (as useQuery does) and resolves with its settled result. */
function settle(client: ReturnType<typeof createQueryClient>, queryFn: () => Promise<unknown>) {
  const observer = new QueryObserver(client, { queryKey: ['probe'], queryFn });
  return new Promise<{ status: string }>((resolve) => {
    const stop = observer.subscribe((r) => {
      if (r.status !== 'pending') {
        stop();
        resolve(r);
      }
    });
  });
}

describe('the query client', () => {
  it.each([401, 403, 404, 0])('asks once when the answer is a %i problem (no retries behind the page)', async (status) => {
    const client = createQueryClient();
    let calls = 0;
    const result = await settle(client, async () => {
      calls++;
      throw new ApiProblem(status, { code: status ? 'refused' : 'network_error', title: 'No' });
    });
    expect(result.status).toBe('error');
    expect(calls).toBe(1);
  });

  it('does not refetch when the window regains focus', () => {
    const options = createQueryClient().getDefaultOptions().queries;
    expect(options?.refetchOnWindowFocus).toBe(false);
    expect(options?.refetchOnReconnect).toBe(false);
  });
});

describe('query keys', () => {
  const seeded = () => {
    const client = createQueryClient();
    const keys = {
      enrollments: [...queryKeys.twoFactor, 'enrollments'],
      coverage: [...queryKeys.twoFactor, 'coverage'],
      users: queryKeys.users,
      userTwoFactor: queryKeys.userTwoFactor('u1'),
      list: queryKeys.itemList({ mine: false }),
      item: queryKeys.item('i1'),
      comments: queryKeys.comments('i1'),
      invites: queryKeys.invites('i1'),
      other: queryKeys.item('i2'),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, 'x');
    const stale = () =>
      Object.entries(keys)
        .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
        .map(([name]) => name)
        .sort();
    return { client, stale };
  };

  it('an enrollment change marks enrollments and coverage stale, nothing else', async () => {
    const { client, stale } = seeded();
    await client.invalidateQueries({ queryKey: queryKeys.twoFactor });
    expect(stale()).toEqual(['coverage', 'enrollments']);
  });

  it('a changed user also marks that user’s 2FA explanation stale', async () => {
    const { client, stale } = seeded();
    await client.invalidateQueries({ queryKey: queryKeys.users });
    expect(stale()).toEqual(['userTwoFactor', 'users']);
  });

  it('item lists, one item and its invites are invalidated separately', async () => {
    const { client, stale } = seeded();
    await client.invalidateQueries({ queryKey: queryKeys.itemLists });
    expect(stale()).toEqual(['list']);
    await client.invalidateQueries({ queryKey: queryKeys.item('i1'), exact: true });
    expect(stale()).toEqual(['item', 'list']);
    await client.invalidateQueries({ queryKey: queryKeys.invites('i1') });
    expect(stale()).toEqual(['invites', 'item', 'list']);
  });

  it('clear() forgets everything (a sign-out or another user signing in)', () => {
    const { client } = seeded();
    client.clear();
    expect(client.getQueryCache().getAll()).toHaveLength(0);
  });
});
