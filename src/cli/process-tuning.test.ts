import { describe, expect, it } from 'vitest';
import { tunedExec } from './process-tuning.ts';

const proc = (over: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) => ({
  execPath: '/usr/bin/node',
  argv: ['/usr/bin/node', '/srv/bin/signoff.mjs', 'serve'],
  execArgv: over.execArgv ?? [],
  env: over.env ?? {},
});

describe('signoff serve process tuning', () => {
  it('restarts serve with a small young generation and two malloc arenas, keeping its arguments', () => {
    expect(tunedExec(proc({ execArgv: ['--enable-source-maps'], env: { SIGNOFF_PORT: '1' } }))).toEqual({
      argv: ['/usr/bin/node', '--max-semi-space-size=4', '--enable-source-maps', '/srv/bin/signoff.mjs', 'serve'],
      env: { SIGNOFF_PORT: '1', MALLOC_ARENA_MAX: '2' },
    });
  });

  it('runs as it is once tuned, so the replacement does not replace itself again', () => {
    expect(tunedExec(proc({ execArgv: ['--max-semi-space-size=4'], env: { MALLOC_ARENA_MAX: '2' } }))).toBeNull();
  });

  it('keeps what the operator chose, on the command line or in NODE_OPTIONS', () => {
    expect(tunedExec(proc({ env: { NODE_OPTIONS: '--max-semi-space-size=16', MALLOC_ARENA_MAX: '8' } }))).toBeNull();
    expect(tunedExec(proc({ execArgv: ['--max-semi-space-size=32'] }))?.argv).toEqual([
      '/usr/bin/node',
      '--max-semi-space-size=32',
      '/srv/bin/signoff.mjs',
      'serve',
    ]);
  });
});
