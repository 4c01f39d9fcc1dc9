// Keeps the problem catalogue, API.md and docs/api-reference.md in step (after fastify's
// test/internals/errors.test.js). That every operation of the served OpenAPI document declares
// its problem answers is checked against a running server in test/api/ops/ops.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEMS, Problem, type ProblemCode } from '../../src/platform/problems.ts';
import { problemType } from '../../src/http/plugins/problems.ts';

// docs/API.md is the repository's copy of the contract; where the team's shared/ folder sits
// beside the checkout (CI), the copy must match it.
const apiMd = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
const sharedApiMd = new URL('../../../shared/API.md', import.meta.url);
// The codes beyond API.md, with their status, are a table in docs/api-reference.md.
const reference = readFileSync(new URL('../../docs/api-reference.md', import.meta.url), 'utf8');
const codes = Object.keys(PROBLEMS) as ProblemCode[];

/** `403 \`second_factor_required\``-style pairs of status and code in a document. */
const statusCodePairs = (text: string) => [...text.matchAll(/\b([1-5]\d\d)\s+`([a-z_]+)`/g)].map((m) => ({ status: Number(m[1]), code: m[2]! }));

describe('problem catalogue', () => {
  it.runIf(existsSync(sharedApiMd))('works from the current API contract', () => {
    expect(apiMd).toBe(readFileSync(sharedApiMd, 'utf8'));
  });

  it('holds every code API.md names, with a status API.md gives it', () => {
    const pairs = statusCodePairs(apiMd);
    expect(pairs.length).toBeGreaterThan(10);
    // API.md gives second_factor_invalid 403 at decisions and 422 when confirming a new
    // factor; the catalogue holds the usual status and the confirm route overrides it.
    const statuses = new Map<string, number[]>();
    for (const { status, code } of pairs) statuses.set(code, [...(statuses.get(code) ?? []), status]);
    for (const [code, list] of statuses) {
      expect(codes, `API.md names ${code}`).toContain(code);
      expect(list, code).toContain(PROBLEMS[code as ProblemCode].status);
    }
  });

  it('documents every code in API.md or in the API reference table with its status', () => {
    const readmeRows = new Map([...reference.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const inApi = new Set(statusCodePairs(apiMd).map((p) => p.code));
    for (const code of codes) {
      expect(inApi.has(code) || readmeRows.has(code), `${code} is documented`).toBe(true);
      if (readmeRows.has(code)) expect(readmeRows.get(code), code).toBe(PROBLEMS[code].status);
    }
    for (const code of readmeRows.keys()) expect(codes, `docs/api-reference.md documents ${code}`).toContain(code);
  });

  it('uses snake_case codes and gives each a distinct type URI', () => {
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
    expect(new Set(codes.map(problemType)).size).toBe(codes.length);
  });

  it('takes status and title from the catalogue, never from the throw site', () => {
    const p = new Problem('too_many_attempts', { retryAfter: 7, detail: 'wait' });
    expect(p.status).toBe(429);
    expect(p.title).toBe(PROBLEMS.too_many_attempts.title);
    expect(p.retryAfter).toBe(7);
  });
});
