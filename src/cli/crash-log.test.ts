// An error nothing caught ends `signoff serve` with a fatal line of its JSON log, not a bare stack.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CRASH_LOG = fileURLToPath(new URL('./crash-log.ts', import.meta.url));
const LOG = fileURLToPath(new URL('../platform/log.ts', import.meta.url));

/** A child with the process's logger and the crash handler that then runs `crash`; its exit code and output. */
function runChild(crash: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = [
    `const { logCrashes } = await import(${JSON.stringify(CRASH_LOG)});`,
    `const { createLogger } = await import(${JSON.stringify(LOG)});`,
    `logCrashes(process, createLogger('info'), (code) => process.exit(code));`,
    // Something that keeps the process alive, as the server's listening socket does.
    `setInterval(() => {}, 1000);`,
    crash,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('logCrashes', () => {
  it('writes a thrown error in a timer callback as one fatal JSON line with its stack, then exits 1', async () => {
    const { code, stdout, stderr } = await runChild(`setImmediate(() => { throw new Error('the disk went away'); });`);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; err: { message: string; stack: string }; origin: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, msg: 'Signoff stops: an error nothing handled', origin: 'uncaughtException' });
    expect(lines[0]!.err.message).toBe('the disk went away');
    expect(lines[0]!.err.stack).toContain('Error: the disk went away');
  });

  it('does the same for a rejected promise nobody awaits', async () => {
    const { code, stdout } = await runChild(`void Promise.reject(new Error('nobody awaited this'));`);
    expect(code).toBe(1);
    const line = JSON.parse(stdout.trim()) as { level: number; err: { message: string }; origin: string };
    expect(line).toMatchObject({ level: 60, origin: 'unhandledRejection' });
    expect(line.err.message).toBe('nobody awaited this');
  });
});
