// Where a request came from, as facts a reader can check against what they did: the browser
// and system in words, the time (UTC, said so) and the IP address. Used by the notices and
// links that someone may have triggered with a stolen password.
import type { FactsBlock } from './layout.ts';
import { formatMailTime } from './format-time.ts';

/** `device`: e.g. "Chrome on macOS"; `at`: ISO 8601; `ip`: the address the request came from. */
export type RequestFacts = { device?: string | undefined; at?: string | undefined; ip?: string | undefined };

/** The facts given, as one block; none given, no block. */
export function requestFactsBlock(r: RequestFacts): FactsBlock[] {
  const facts = [
    ...(r.device ? [{ label: 'Browser', value: r.device }] : []),
    ...(r.at ? [{ label: 'When', value: formatMailTime(r.at) }] : []),
    ...(r.ip ? [{ label: 'IP address', value: r.ip }] : []),
  ];
  return facts.length ? [{ facts }] : [];
}
