// The client a per-address attempt budget counts. An IPv6 client is counted by its /64: one
// subscriber's network is at least that big (RFC 6177 and providers' practice: a home gets a /64
// or a /56), so an attacker holds 2^64 addresses and, counted one by one, would start a fresh
// budget with each attempt. An IPv4 address, and an IPv4-mapped IPv6 one (::ffff:a.b.c.d, as a
// dual-stack socket reports an IPv4 client), is counted by itself. The audit trail and the
// security notices keep the full address; only the budgets' keys use this.
import { isIPv6 } from 'node:net';

export function budgetAddress(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, an IPv4 tail as two groups, a zone dropped). */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.split('%')[0]!.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, zeros)).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}
