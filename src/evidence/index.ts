// Evidence that someone without the server can check: the deployment's Ed25519 signing keys
// (published as a JWKS), and what is signed with them: audit checkpoints, the per-item evidence
// bundle, and the offline verifier (a pure module the CLI and the web page share).
import type { Actor } from '../accounts/index.ts';
import { buildEvidence, type EvidenceDeps } from './build-evidence.ts';
import type { ItemId } from '../platform/ids.ts';

export { createKeyring, SigningKeyMismatch, type Keyring } from './keyring.ts';
export { createCheckpoints, type Checkpoints } from './checkpoints.ts';
export { checkpointSignatureValid, parseCheckpoint, type Checkpoint } from './checkpoints/checkpoint.ts';
export { type EvidenceDeps } from './build-evidence.ts';
export { verifyBundle } from './verify-bundle.ts';

export function createEvidence(deps: EvidenceDeps) {
  return {
    /** The item's signed evidence bundle for a reader of the item: `{ document, json }` (json is the JCS text served). */
    bundle: (actor: Actor, itemId: ItemId) => buildEvidence(deps, actor, itemId),
  };
}

export type Evidence = ReturnType<typeof createEvidence>;
