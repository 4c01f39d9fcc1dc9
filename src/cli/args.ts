// The command line, parsed by node:util parseArgs (strict): a flag no command knows, or one the
// command does not take, is a usage error (exit 2) instead of being silently ignored.
import { parseArgs } from 'node:util';

export type Flags = Record<string, string | true>;

/** Every flag, for every command; `checkpoint` may repeat and takes the words after it. */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  organization: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  roles: { type: 'string' },
  type: { type: 'string' },
  format: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  checkpoint: { type: 'string', multiple: true },
  jwks: { type: 'string' },
} as const;

/** The flags each command takes (`help` goes with every one); a command with subcommands may name them apart ("audit export"). */
const COMMAND_FLAGS: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  serve: [],
  migrate: [],
  demo: [],
  keys: [],
  init: ['organization', 'name', 'email', 'password', 'password-stdin'],
  audit: ['organization', 'checkpoint'],
  'audit export': ['organization', 'format', 'type', 'since', 'until'],
  evidence: ['jwks'],
  users: ['organization', 'email', 'name', 'roles', 'type', 'password-stdin'],
};

export type CommandLine = { words: string[]; flags: Flags; help: boolean; checkpoints: string[] };

/**
 * Command words, flags (`--name value`, `--name=value`, `--flag`) and the checkpoint files:
 * `--checkpoint` repeats, and the words right after one are files too (`--checkpoint a.json b.json`).
 */
export function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(
      `${(err as Error).message.replace(/\. To specify a positional argument.*$/su, '')}\n(signoff --help lists the commands and their flags)`,
    );
  }
  const words: string[] = [];
  const checkpoints: string[] = [];
  let afterCheckpoint = false;
  for (const t of parsed.tokens) {
    if (t.kind === 'option') {
      afterCheckpoint = t.name === 'checkpoint';
      if (afterCheckpoint) checkpoints.push(t.value!);
    } else if (t.kind === 'positional') (afterCheckpoint ? checkpoints : words).push(t.value);
  }
  const { help = false, checkpoint: _files, ...rest } = parsed.values;
  const flags: Flags = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === true ? true : String(v)]));
  const command = words[0];
  const named = command !== undefined && words[1] !== undefined && COMMAND_FLAGS[`${command} ${words[1]}`] ? `${command} ${words[1]}` : command;
  const allowed = named === undefined ? undefined : COMMAND_FLAGS[named];
  if (allowed) {
    const given = [...Object.keys(flags), ...(checkpoints.length > 0 ? ['checkpoint'] : [])];
    const stray = given.find((f) => !(allowed as readonly string[]).includes(f));
    if (stray) throw new UsageError(`signoff ${named} does not take --${stray}`);
  }
  return { words, flags, help, checkpoints };
}

export class UsageError extends Error {}

export function requireFlag(flags: Record<string, string | true>, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
