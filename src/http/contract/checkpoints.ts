// API.md "Evidence": the JWKS, signed audit checkpoints, verification against checkpoints.
import { z } from 'zod';
import { auditVerifySchema } from './audit.ts';

const publicJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  use: z.literal('sig'),
  alg: z.literal('EdDSA'),
});
export const jwksSchema = z
  .object({ keys: z.array(publicJwkSchema) })
  .describe('RFC 7517 JWK Set of the Ed25519 evidence keys (RFC 8037); old keys stay listed after a rotation');

export const checkpointSchema = z.object({
  organization: z.string().min(1).max(64).describe("The organisation's id"),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().max(40),
  kid: z.string().min(1).max(64),
  signature: z.string().min(1).max(128).describe('Ed25519, base64url, over the RFC 8785 canonical JSON of the other fields'),
});
export const checkpointListQuerySchema = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const checkpointListSchema = z.object({ checkpoints: z.array(checkpointSchema) });

// A 64 KB body holds about 200 checkpoints.
export const verifyWithCheckpointsBodySchema = z.object({ checkpoints: z.array(checkpointSchema).max(200) }).strict();
const checkpointCheckSchema = z.object({
  seq: z.number().int(),
  ok: z.boolean(),
  source: z.enum(['submitted', 'stored']),
  problem: z.enum(['bad_checkpoint_signature', 'rewritten_since_checkpoint']).optional(),
  firstBadEntry: z
    .object({ seq: z.number().int(), throughSeq: z.number().int() })
    .optional()
    .describe('The rewrite lies in entries seq..throughSeq: after the newest checkpoint that still matches'),
});
export const verifyWithCheckpointsSchema = auditVerifySchema.extend({ checkpoints: z.array(checkpointCheckSchema) });
