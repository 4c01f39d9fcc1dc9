// The second-factor methods of the API (API.md: `method`), declared once. The HTTP schemas,
// the organisation settings, the server's strategy registry (src/factors/registry.ts, which
// the compiler holds to this list) and the web app all take their lists from here. This module
// imports nothing, so the web app and every server area may import it at run time without
// pulling zod or server code in.
//
// A new method is its folder under src/factors/, its line in the registry, and its name here.

/** Every method, in the order the server offers them. */
export const METHODS = ['totp', 'backup_code', 'email_code', 'webauthn'] as const;
export type Method = (typeof METHODS)[number];

/**
 * The methods whose proof answers a challenge opened first (an emailed code, passkey request
 * options): `POST …/challenge` takes only these. A TOTP or backup code needs no challenge.
 * The registry checks that exactly these strategies can open one.
 */
export const CHALLENGE_METHODS = ['email_code', 'webauthn'] as const satisfies readonly Method[];
export type ChallengeMethod = (typeof CHALLENGE_METHODS)[number];

export const isMethod = (m: unknown): m is Method => (METHODS as readonly unknown[]).includes(m);
export const isChallengeMethod = (m: unknown): m is ChallengeMethod => (CHALLENGE_METHODS as readonly unknown[]).includes(m);
