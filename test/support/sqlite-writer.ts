// Another process writing to a SQLite database file: the contention a CLI command, a bulk import
// or a backup makes for the server.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './start-signoff.ts';

/** A second process on the same file: `lock` holds the write lock until `release`; `burst n` writes n transactions. */
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 5000 });
db.exec('CREATE TABLE IF NOT EXISTS contention (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
const insert = db.prepare('INSERT INTO contention (at) VALUES (?)');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, n] = line.split(' ');
  if (cmd === 'lock') { db.exec('BEGIN IMMEDIATE'); insert.run(Date.now()); console.log('locked'); }
  if (cmd === 'release') { db.exec('COMMIT'); console.log('released'); }
  if (cmd === 'burst') { for (let i = 0; i < Number(n); i++) db.transaction(() => insert.run(i))(); console.log('burst done'); }
  if (cmd === 'exit') { db.close(); process.exit(0); }
});
console.log('ready');
`;

export function startWriter(file: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', WRITER, file], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<string, () => void>();
  const seen = new Set<string>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.add(line);
    waiting.get(line)?.();
  });
  const until = (line: string) => (seen.has(line) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(line, resolve)));
  return {
    async send(cmd: string, answer: string) {
      seen.delete(answer);
      const done = until(answer);
      child.stdin.write(`${cmd}\n`);
      await done;
    },
    ready: until('ready'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.write('exit\n');
      }),
  };
}
