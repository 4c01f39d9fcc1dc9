// `signoff serve` memory settings that Node only reads at process start (issue 14: idle RSS
// 170 MiB, 380–490 MiB after load). V8 grows the young generation to 3 × 16 MiB under load and
// keeps it; a 4 MiB semi-space halves the idle heap for a few more (cheap) scavenges. glibc gives
// each thread that allocates its own malloc arena and keeps what argon2id's 19 MiB blocks left
// there; two arenas bound that. Both can only be set before the process starts, so `serve`
// replaces itself (execve: same pid, signals and stdio) once with them. A flag or variable the
// operator already gave wins; elsewhere than Linux/macOS nothing happens.

/** Node flags `signoff serve` runs with, each skipped when the operator set it already. */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=4'] as const;
/** Environment `signoff serve` runs with, each skipped when already set. */
export const SERVE_ENV = { MALLOC_ARENA_MAX: '2' } as const;

type ProcessLike = Pick<NodeJS.Process, 'execArgv' | 'argv' | 'env' | 'execPath'>;

/** What to start instead of this process, or null when it already runs as tuned. */
export function tunedExec(proc: ProcessLike): { argv: string[]; env: NodeJS.ProcessEnv } | null {
  const given = [...proc.execArgv, ...(proc.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const flags = SERVE_NODE_FLAGS.filter((f) => !given.some((g) => g.split('=')[0] === f.split('=')[0]));
  const env = Object.fromEntries(Object.entries(SERVE_ENV).filter(([k]) => proc.env[k] === undefined));
  if (flags.length === 0 && Object.keys(env).length === 0) return null;
  return { argv: [proc.execPath, ...flags, ...proc.execArgv, ...proc.argv.slice(1)], env: { ...proc.env, ...env } };
}

/** Replaces this process with its tuned self when needed (and possible); returns otherwise. */
export function execTuned(): void {
  const next = tunedExec(process);
  if (next && typeof process.execve === 'function') process.execve(process.execPath, next.argv, next.env);
}
