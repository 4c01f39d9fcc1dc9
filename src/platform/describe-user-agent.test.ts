// Security notices name the browser and system the way people name their own devices; an
// unrecognised (or hostile) header is quoted as sent, shortened, never dropped silently.
import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './describe-user-agent.ts';

describe('describeUserAgent', () => {
  const WEBKIT = 'AppleWebKit/537.36 (KHTML, like Gecko)';
  it.each([
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${WEBKIT} Chrome/131.0.0.0 Safari/537.36`, 'Chrome on macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148', 'Safari on iOS'],
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0`, 'Microsoft Edge on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
    [`Mozilla/5.0 (Linux; Android 14; Pixel 8) ${WEBKIT} Chrome/131.0.0.0 Mobile Safari/537.36`, 'Chrome on Android'],
  ])('names %s as "%s"', (ua, words) => {
    expect(describeUserAgent(ua)).toBe(words);
  });

  it('quotes what it does not recognise, shortened and without control characters', () => {
    expect(describeUserAgent('curl/8.5.0')).toBe('An unknown browser ("curl/8.5.0")');
    expect(describeUserAgent(undefined)).toBe('An unknown browser');
    expect(describeUserAgent('  ')).toBe('An unknown browser');
    const long = describeUserAgent(`evil\r\nBcc: x@example.test ${'a'.repeat(200)}`);
    expect(long).not.toMatch(/[\r\n]/);
    expect(long.length).toBeLessThan(120);
  });
});
