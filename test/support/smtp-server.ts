// A real SMTP server for tests, in its own child process: the code under test talks SMTP over
// TCP to another process exactly as it would to a relay, and nothing it does can reach into
// the server's memory. The child (smtp-server, no TLS, no auth required) writes every accepted
// message to a directory as `<n>.eml` before it answers 250, so once the sender's `sendMail`
// has resolved the file is there; the parent reads and parses them with mailparser.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { simpleParser, type ParsedMail } from 'mailparser';

export type { ParsedMail } from 'mailparser';

export type SmtpTestServer = {
  /** `smtp://127.0.0.1:<port>`, ready for SIGNOFF_SMTP_URL or config.mail.smtpUrl. */
  url: string;
  port: number;
  /** Every message received so far, in arrival order. */
  messages(): Promise<ParsedMail[]>;
  /** Resolves with the first received message matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred?: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Resolves once at least `n` messages have arrived; rejects after `timeoutMs`. */
  waitForCount(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Forgets the messages received so far. */
  clear(): Promise<void>;
  close(): Promise<void>;
};

// Plain CommonJS so it runs on any Node without type stripping. argv: smtp-server path, dir.
const CHILD = `
const { SMTPServer } = require(process.argv[1]);
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
let seq = 0;
const server = new SMTPServer({
  secure: false, disabledCommands: ['STARTTLS'], authOptional: true, disableReverseLookup: true, logger: false, size: 25 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('error', callback);
    stream.on('end', () => {
      const name = String(++seq).padStart(6, '0');
      const file = path.join(dir, name + '.eml');
      fs.writeFileSync(file + '.tmp', Buffer.concat(chunks));
      fs.renameSync(file + '.tmp', file);
      callback(null, 'queued as ' + name);
    });
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.server.address().port }) + '\\n'));
// The parent closing our stdin (or dying) ends the server.
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
`;

const POLL_MS = 20;

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'signoff-smtp-'));
  const modulePath = createRequire(import.meta.url).resolve('smtp-server');
  const child = spawn(process.execPath, ['-e', CHILD, modulePath, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await readPort(child);
  const parsed = new Map<string, ParsedMail>();
  let ignored = new Set<string>();

  async function messages(): Promise<ParsedMail[]> {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.eml') && !ignored.has(f)).sort();
    for (const name of names) {
      if (!parsed.has(name)) parsed.set(name, await simpleParser(await readFile(join(dir, name))));
    }
    return names.map((n) => parsed.get(n)!);
  }

  async function poll<T>(check: (all: ParsedMail[]) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await messages();
      const found = check(all);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`SMTP test server: ${what} within ${timeoutMs} ms (received ${all.length})`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor: (pred = () => true, timeoutMs = 5000) => poll((all) => all.find(pred), timeoutMs, 'no matching message'),
    waitForCount: (n, timeoutMs = 5000) => poll((all) => (all.length >= n ? all : undefined), timeoutMs, `fewer than ${n} messages`),
    async clear() {
      ignored = new Set([...ignored, ...(await readdir(dir)).filter((f) => f.endsWith('.eml'))]);
    },
    async close() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('SMTP test server did not start within 10 s'));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`SMTP test server exited with code ${code} before listening`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin!.end();
  });
}
