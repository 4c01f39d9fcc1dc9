// Evidence that someone without the server can check: the deployment's Ed25519 signing keys
// (published as a JWKS), and what is signed with them (audit checkpoints).
export { createKeyring, SigningKeyMismatch, type Keyring, type RotatingKeyring } from './keyring.ts';
export { createCheckpoints, type Checkpoints } from './checkpoints.ts';
export { checkpointPayload, checkpointSignatureValid, parseCheckpoint, type Checkpoint } from './checkpoints/checkpoint.ts';
export type { CheckpointCheck, CheckpointProblem, VerifyWithCheckpoints } from './checkpoints/verify-checkpoints.ts';
export { CHECKPOINT_EVERY_ENTRIES, CHECKPOINT_EVERY_MS } from './checkpoints/due-checkpoints.ts';
