import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time independent of where they differ. Lengths are compared first
 * (leaking only the length, which is public for tokens and codes), as node-oidc-provider's
 * constant_equals does.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) return false;
  return timingSafeEqual(ab, bb);
}
