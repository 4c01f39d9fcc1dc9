// `signoff evidence verify FILE [--jwks FILE]`: checks an evidence bundle with no server and no
// database (the same pure verifier as the web page's). With --jwks, the bundle's key must be
// in that key set, the publisher's (the trustworthy path); without it, the key the bundle
// carries is used, which proves integrity only, so the key id is printed to compare.
import { readFileSync } from 'node:fs';
import { verifyBundle } from '../../evidence/index.ts';
import { UsageError } from '../args.ts';

const read = (file: string, what: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
};

export async function evidenceVerify(
  file: string | undefined,
  flags: Record<string, string | true>,
  out: (line: string) => void = console.log,
): Promise<number> {
  if (!file) throw new UsageError('usage: signoff evidence verify FILE [--jwks FILE]');
  let jwks: { keys?: unknown } | undefined;
  if (typeof flags.jwks === 'string') {
    try {
      jwks = JSON.parse(read(flags.jwks, 'JWKS')) as { keys?: unknown };
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${flags.jwks} is not JSON`);
    }
  }
  const verdict = await verifyBundle(read(file, 'bundle'), { jwks });
  for (const c of verdict.checks) out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.label}: ${c.detail}`);
  out('');
  if (verdict.trust === 'embedded') {
    out(`No --jwks given: checked against the key the bundle carries. This proves the bundle is intact, not who signed it.`);
    out(`Compare key id ${verdict.kid ?? '(none)'} with the publisher's JWKS (/.well-known/signoff/jwks.json), or run again with --jwks FILE.`);
  }
  if (verdict.firstFailure) {
    out(`NOT VERIFIED: ${verdict.firstFailure.detail} [${verdict.firstFailure.id}]`);
    return 1;
  }
  out(`VERIFIED: ${verdict.checks.length} checks passed${verdict.trust === 'jwks' ? ` against the JWKS given (key ${verdict.kid})` : ' (integrity only)'}.`);
  return 0;
}
