// `signoff demo` on a fresh data directory gives an organisation a team can try at once: people,
// groups, a GMP batch release workflow with a protected QA step and an e-signed release, and an
// item waiting for QA in a reviewer's task list.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../../support/fixtures.ts';
import { createClient } from '../../support/http-client.ts';
import { REPO_ROOT, startProcess, type ServerProcess } from '../../support/start-signoff.ts';

describe('signoff demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signoff-demo-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates people, workflows and an item waiting in a QA reviewer's tasks", async () => {
    const run = spawnSync(process.execPath, ['bin/signoff.mjs', 'demo'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', SIGNOFF_DATA_DIR: dataDir, SIGNOFF_LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('Batch 24-117 release');
    server = await startProcess({ SIGNOFF_DATA_DIR: dataDir }, { dataDir });
    const client = createClient(server.url);
    const quinn = await login(client, 'quinn.qa@demo.signoff.test', 'demo-password-2026');
    const tasks = await client.get('/api/v1/tasks', quinn);
    expect(tasks.body.tasks).toEqual([
      expect.objectContaining({ title: 'Batch 24-117 release', stepName: 'QA review', requireTwoFactor: true, workflowName: 'Batch release (GMP)' }),
    ]);
    const flows = await client.get('/api/v1/workflows', quinn);
    expect(
      flows.body.workflows.map((w: { name: string; protectedSteps: number; signatureSteps: number }) => [w.name, w.protectedSteps, w.signatureSteps]),
    ).toEqual([
      ['Batch release (GMP)', 2, 1],
      ['Brand review', 0, 0],
    ]);
  }, 60_000);
});
