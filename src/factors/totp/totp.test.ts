// RFC 6238 / RFC 4226 vectors, code format, drift edges and the Key URI, all through the
// functions check() and confirmation use (docs/security.md A1–A3, A6, A8).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOtpauthUri, renderQrCodeSvg } from './otpauth.ts';
import { matchTotpStep, newTotpSecret, stepAt, totpAt } from './totp-code.ts';

const ascii = (s: string) => new TextEncoder().encode(s);
// RFC 6238 Appendix A uses seeds of digest length (the seeds the RFC errata give for SHA-256 and SHA-512).
const SEED = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};
const SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const APPENDIX_B: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 Appendix B vectors through the server code path', () => {
  it.each(APPENDIX_B)('gives the SHA1 vector at t=%i', (t, sha1) => {
    expect(totpAt(SEED.sha1, stepAt(t * 1000), 8)).toBe(sha1);
    expect(totpAt(SEED_BASE32, stepAt(t * 1000), 8)).toBe(sha1);
  });
  it.each(APPENDIX_B)('gives the SHA256 and SHA512 vectors with digest-length seeds at t=%i', (t, _s1, sha256, sha512) => {
    expect(totpAt(SEED.sha256, stepAt(t * 1000), 8, 'sha256')).toBe(sha256);
    expect(totpAt(SEED.sha512, stepAt(t * 1000), 8, 'sha512')).toBe(sha512);
  });
  it('does not give 46119246 for SHA256 with the 20-byte seed (no seed padding, speakeasy #76)', () => {
    expect(totpAt(SEED.sha1, 1, 8, 'sha256')).not.toBe('46119246');
    expect(totpAt(SEED.sha1, 1, 8, 'sha256')).toBe('32247374');
  });
  it('gives the RFC 4226 Appendix D HOTP values for counts 0 to 9, and 7 and 8 digits', () => {
    const hotp = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(hotp.map((_, count) => totpAt(SEED.sha1, count))).toEqual(hotp);
    expect([totpAt(SEED.sha1, 0, 7), totpAt(SEED.sha1, 0, 8)]).toEqual(['4755224', '84755224']);
  });
});

describe('six-digit codes are strings with their leading zeros', () => {
  it('keeps leading zeros: 081804 at 1111111109 and 005924 at 1234567890', () => {
    expect(matchTotpStep(SEED_BASE32, '081804', 1111111109_000)).toBe(0x23523ec);
    expect(matchTotpStep(SEED_BASE32, '005924', 1234567890_000)).toBe(0x273ef07);
  });
  it.each(['5924', '0005924', ' 005924', '005924 ', '00 5924', '٠٠٥٩٢٤', '００５９２４', '+05924', ''])(
    'refuses %j, which is not exactly six ASCII digits',
    (code) => {
      expect(matchTotpStep(SEED_BASE32, code, 1234567890_000)).toBeUndefined();
    },
  );
});

describe('time-step boundaries with one step of drift (A3)', () => {
  const k = 37037037; // 30k = 1111111110, between the two RFC times 1111111109 and 1111111111
  const code = (step: number) => totpAt(SEED_BASE32, step);
  const at = (seconds: number, step: number) => matchTotpStep(SEED_BASE32, code(step), seconds * 1000);

  it('puts 1111111109 in step 0x23523EC and 1111111111 in 0x23523ED', () => {
    expect([stepAt(1111111109_000), stepAt(1111111111_000)]).toEqual([0x23523ec, 0x23523ed]);
  });
  it('accepts the steps k-2, k-1 and k at 30k-1, and refuses k-3 and k+1', () => {
    expect([at(30 * k - 1, k - 2), at(30 * k - 1, k - 1), at(30 * k - 1, k)]).toEqual([k - 2, k - 1, k]);
    expect([at(30 * k - 1, k - 3), at(30 * k - 1, k + 1)]).toEqual([undefined, undefined]);
  });
  it.each([0, 1])('accepts the steps k-1, k and k+1 at 30k+%i, and refuses k-2 and k+2', (d) => {
    expect([at(30 * k + d, k - 1), at(30 * k + d, k), at(30 * k + d, k + 1)]).toEqual([k - 1, k, k + 1]);
    expect([at(30 * k + d, k - 2), at(30 * k + d, k + 2)]).toEqual([undefined, undefined]);
  });
  it('refuses a code 61 s early or late and accepts it 30 s early or late', () => {
    const t = 30 * k;
    expect([at(t - 61, k), at(t + 61, k)]).toEqual([undefined, undefined]);
    expect([at(t - 30, k), at(t + 30, k)]).toEqual([k, k]);
  });
});

describe('the otpauth Key URI and its QR code (A8)', () => {
  const secret = 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ';
  function parse(uri: string) {
    const url = new URL(uri);
    const label = decodeURIComponent(url.pathname.slice(1));
    return { url, labelParts: label.split(':'), params: Object.fromEntries(url.searchParams) };
  }

  it.each([
    ['Acme', 'Signoff (Acme)'],
    ['A:B', 'Signoff (A B)'],
    ['::x:', 'Signoff ( x )'],
  ])('writes every part right for the site name %j', (siteName, issuer) => {
    const { url, labelParts, params } = parse(buildOtpauthUri({ siteName, accountName: 'ann.lee@example.com', secret }));
    expect([url.protocol, url.host]).toEqual(['otpauth:', 'totp']);
    expect(labelParts).toEqual([issuer, 'ann.lee@example.com']);
    expect(params).toEqual({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(url.href).not.toContain('+');
  });
  it('carries exactly the URI in the QR code, as decoded by zbarimg', async () => {
    const uri = buildOtpauthUri({ siteName: 'A:B', accountName: 'ann.lee@example.com', secret });
    const svg = await renderQrCodeSvg(uri);
    expect(svg.startsWith('<svg')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'signoff-qr-'));
    try {
      writeFileSync(join(dir, 'qr.svg'), svg);
      execFileSync('rsvg-convert', ['--width', '600', '--background-color', 'white', '-o', join(dir, 'qr.png'), join(dir, 'qr.svg')]);
      const decoded = execFileSync('zbarimg', ['--raw', '-q', join(dir, 'qr.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(decoded.replace(/\n$/, '')).toBe(uri);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('new secrets (A6)', () => {
  it('decodes to 20 random bytes, in Base32 without padding', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a).length).toBeGreaterThanOrEqual(20);
    expect(newTotpSecret()).not.toBe(a);
  });
});

function base32Decode(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0,
    value = 0;
  const out: number[] = [];
  for (const c of s) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}
