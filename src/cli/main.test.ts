// Exit codes of `signoff` as a shell sees them: 0 for help, 2 for a usage error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/signoff.mjs', import.meta.url));
const signoff = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('signoff command line', () => {
  it('prints the usage and exits 0 for --help', () => {
    const run = signoff('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: signoff <command>/);
  });

  it('exits 2 naming the flag when a command is given one it does not take, before touching any data', () => {
    const run = signoff('migrate', '--organisation', 'acme');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--organisation'");
  });

  it('exits 2 with the usage when no command is given', () => {
    const run = signoff();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: signoff <command>/);
  });
});
