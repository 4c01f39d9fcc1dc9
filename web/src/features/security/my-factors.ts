// What the Security page's cards read out of GET /me/factors. The list holds the factors that
// make one enrolled (backup codes only back them up and are counted apart).
import type { Factor } from '../../api/types.ts';

/** Two-factor authentication is on: at least one confirmed factor. */
export const isEnrolled = (factors: readonly Factor[]): boolean => factors.some((f) => f.status === 'active');

/** The factors of one method, confirmed or not, in the server's order. */
export const factorsOfType = (factors: readonly Factor[], type: string): Factor[] => factors.filter((f) => f.type === type);

/** The one confirmed authenticator app, if any (a new one replaces it). */
export const activeTotp = (factors: readonly Factor[]): Factor | undefined => factors.find((f) => f.type === 'totp' && f.status === 'active');

/** Removing `removing` leaves no confirmed factor: the page warns that 2FA and the backup codes go with it. */
export const removesLastFactor = (factors: readonly Factor[], removing: Factor): boolean =>
  removing.status === 'active' && factors.filter((f) => f.status === 'active').length === 1;

/** The tone of the "n of 10 left" badge: few codes left is a warning, none is danger. */
export const backupCodesTone = (remaining: number): 'danger' | 'warning' | 'success' => (remaining === 0 ? 'danger' : remaining <= 3 ? 'warning' : 'success');
