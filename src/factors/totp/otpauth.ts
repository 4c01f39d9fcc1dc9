// The otpauth:// Key URI an authenticator app scans, and its QR code (docs/security.md A8 and "Key
// URI format", after google/google-authenticator's wiki):
//   otpauth://totp/<issuer>:<account>?secret=<Base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
import QRCode from 'qrcode';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp-code.ts';

/**
 * The wiki: "Neither issuer nor account name may themselves contain a colon", and the label
 * separator may be ":" or "%3A", so percent-encoding a colon does not make it safe. Colons are
 * therefore replaced by a space, the same way in the label prefix and in the issuer parameter
 * (the wiki: "they should be equal"; older apps read only the prefix).
 */
const withoutColons = (s: string): string => s.replace(/:/g, ' ').replace(/\s+/g, ' ').trim();

/** docs/guide.md §2: `Signoff (<site name>)`, so users can tell this entry from other services'. */
const totpIssuer = (siteName: string): string => withoutColons(`Signoff (${siteName})`);

/**
 * encodeURIComponent writes a space as %20 (the wiki's form; some apps show "+" literally).
 * The secret is Base32 without padding ("should be omitted"); SHA1/6/30 are written out even
 * though they are the defaults, for the apps that honour them.
 */
export function buildOtpauthUri(input: { siteName: string; accountName: string; secret: string }): string {
  const issuer = encodeURIComponent(totpIssuer(input.siteName));
  const account = encodeURIComponent(withoutColons(input.accountName));
  const secret = input.secret.replace(/=+$/, '');
  return `otpauth://totp/${issuer}:${account}?secret=${secret}&issuer=${issuer}` + `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
}

/** The URI as an SVG QR code; error correction M survives a slightly blurred phone camera. */
export const renderQrCodeSvg = (uri: string): Promise<string> => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
