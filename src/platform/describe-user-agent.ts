// "Chrome on macOS": a browser's User-Agent header in the words people use for their own
// devices, for security notices that ask "was this you?". The parsing is bowser's (MIT, no
// dependencies): User-Agent strings are a moving target better kept by a maintained library.
// The header is whatever the client sent, so an unrecognised one is quoted, shortened, as is.
import Bowser from 'bowser';

const MAX_QUOTED = 80;

export function describeUserAgent(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!ua) return 'An unknown browser';
  const { browser, os } = Bowser.parse(ua);
  const name = browser.name?.trim();
  const system = os.name?.trim();
  if (name && system) return `${name} on ${system}`;
  const quoted = `"${ua.length > MAX_QUOTED ? `${ua.slice(0, MAX_QUOTED)}…` : ua}"`;
  if (name) return `${name} on an unknown system (${quoted})`;
  if (system) return `A browser on ${system} (${quoted})`;
  return `An unknown browser (${quoted})`;
}
