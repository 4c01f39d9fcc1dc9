// An independent authenticator app: OATH Toolkit's `oathtool` (Debian package oathtool), not
// the server's own TOTP code, so a bug shared by generator and verifier cannot hide. In-process
// tests pass the manual clock's time; cluster tests, which run real processes on the wall
// clock, pass Date.now() (or a step ahead of it).
import { execFileSync } from 'node:child_process';

/** The 6-digit RFC 6238 code (SHA-1, 30 s) of a Base32 `secret` at `atMs` (epoch ms). */
export function oathtool(secret: string, atMs: number): string {
  const code = execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${Math.floor(atMs / 1000)}`], { encoding: 'utf8' }).trim();
  if (!/^[0-9]{6}$/.test(code)) throw new Error(`oathtool gave ${JSON.stringify(code)}`);
  return code;
}
