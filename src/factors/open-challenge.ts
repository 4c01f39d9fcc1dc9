// Opens the challenge a method needs before its proof (an emailed code, passkey request
// options), through the method's strategy. The same function serves sign-in, factor changes
// and decisions; only the binding differs, and the proof will only verify for that binding.
import { Problem } from '../platform/problems.ts';
import type { ChallengeTarget, OpenedChallenge } from './factor.ts';
import type { MethodRegistry } from './registry.ts';
import type { Meta } from './types.ts';

export type { ChallengeTarget } from './factor.ts';

export function createOpenChallenge(registry: MethodRegistry) {
  return async function openMethodChallenge(target: ChallengeTarget, method: string, meta: Meta): Promise<OpenedChallenge> {
    const strategy = registry.get(method);
    if (!strategy?.openChallenge) throw new Problem('invalid_request', { detail: `${method} needs no challenge: send the code directly` });
    return strategy.openChallenge(target, meta);
  };
}

export type OpenMethodChallenge = ReturnType<typeof createOpenChallenge>;
