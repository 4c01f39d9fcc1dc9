// A command's output reaches a slow reader whole: the process waits for its pipes before exiting.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./exit-flushed.ts', import.meta.url));
const SIZE = 300_000;

/** A child writing SIZE bytes to a pipe nobody reads until it exits (or, as it may not exit first, 300 ms passed), then ending with `ending`. */
function runChild(ending: string): Promise<number> {
  const script = `const { exitFlushed } = await import(${JSON.stringify(MODULE)}); process.stdout.write('x'.repeat(${SIZE})); ${ending}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = 0;
    child.stdout.pause();
    child.stdout.on('data', (d: Buffer) => (received += d.length));
    const resume = setTimeout(() => child.stdout.resume(), 300);
    child.on('exit', () => child.stdout.resume());
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(resume);
      resolve(received);
    });
  });
}

describe('exitFlushed', () => {
  it('hands a reader that is not reading yet everything written before exiting', async () => {
    expect(await runChild('await exitFlushed(0);')).toBe(SIZE);
  });

  it('is needed: process.exit alone drops what the full pipe has not taken', async () => {
    expect(await runChild('void exitFlushed; process.exit(0);')).toBeLessThan(SIZE);
  });
});
