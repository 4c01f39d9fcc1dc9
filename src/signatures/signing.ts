// Signing (21 CFR 11.50, 11.200): the password (or a fresh identity-provider sign-in) and a
// meaning from the step's list before the decision's second factor; the sealed record inside
// its transaction; failures counted, locked after five, and reported to the admins.
import { SIGNATURE_REAUTH_PURPOSE, type Accounts } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import { iso, type Clock } from '../platform/clock.ts';
import type { Db, Executor, Tx } from '../platform/db/connect.ts';
import { newId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import type { AttemptPolicy, RateLimiter, Reservation } from '../platform/rate-limit.ts';
import { isSignatureValid, recordMac } from './record-mac.ts';
import { checkSeal, sealedSignature, sealWith, type SealKeys } from './seal.ts';
import { findSignature, insertSignature, listItemSignatures, type SignatureRow } from './signatures.store.ts';
import type { ItemId } from '../platform/ids.ts';

/** Five failed signings in a row lock signing for 15 minutes (the lock ends by itself, B5). */
const SIGNATURE_LOCK_AFTER = 5;
const SIGNATURE_LOCK_MS = 15 * 60_000;
const SIGNATURE_POLICY: AttemptPolicy = {
  delays: [...Array.from({ length: SIGNATURE_LOCK_AFTER }, () => 0), SIGNATURE_LOCK_MS],
  windowMs: 60 * 60_000,
  onSuccess: 'reset',
};

export type SignatureDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  accounts: Accounts;
  limiter: RateLimiter;
  hmacKey: Uint8Array;
  /** Ed25519 evidence keys: every record is sealed with the current one. */
  sealKeys: SealKeys;
  /** Emails every admin of the organisation a security notice, in the caller's transaction (main.ts wires mail). */
  alertAdmins(tx: Tx, orgId: OrgId, event: string, detail: string): Promise<void>;
};
export type Signer = { orgId: OrgId; userId: UserId; label: string };
export type { Meta };
export type SignatureFacts = { itemId: ItemId; stepIndex: number; round: number; contentHash: string; decision: 'approve' | 'reject'; meaning: string };

/** A signature made this soon after its signer's credentials were reset is marked (`credentialsReset`). */
const CREDENTIALS_RESET_WINDOW_MS = 24 * 60 * 60_000;
/** Audit events that reset a user's password or second factors (the user is the entry's target). */
const CREDENTIAL_RESET_EVENTS = ['password_reset.completed', 'two_factor.revoked', 'two_factor.recovered'] as const;

/**
 * Who reset the signer's credentials shortly before a signature, derived from the hash-chained
 * audit trail (never a mutable column): `by` is the user themself (a reset or recovery link),
 * the admin who revoked, or the requesting and the approving admins of a two-person reset.
 */
export type CredentialsReset = { at: string; event: (typeof CREDENTIAL_RESET_EVENTS)[number]; by: { userId: string | null; label: string }[] };

type Person = { userId?: string | undefined; label?: string | undefined };
const person = (p: unknown): { userId: string | null; label: string } | undefined => {
  if (!p || typeof p !== 'object') return undefined;
  const { userId, label } = p as Person;
  return typeof label === 'string' ? { userId: typeof userId === 'string' ? userId : null, label } : undefined;
};

export function createSignatures(deps: SignatureDeps) {
  const { db, clock, audit, accounts, limiter, hmacKey, sealKeys } = deps;

  /** Logs a refused signing; at the lock, logs that too and emails every admin of the organisation. */
  async function recordFailure(signer: Signer, reservation: Reservation, facts: Pick<SignatureFacts, 'itemId' | 'stepIndex'>, reason: string, meta: Meta) {
    await reservation.release('failure');
    await db.transaction().execute(async (tx) => {
      const base = {
        orgId: signer.orgId,
        actor: { userId: signer.userId, label: signer.label },
        target: { type: 'item', id: facts.itemId },
        ip: meta.ip,
        requestId: meta.requestId,
      };
      await audit.append(tx, {
        ...base,
        type: 'signature.failed',
        data: { itemId: facts.itemId, step: facts.stepIndex, reason, consecutiveFailures: reservation.failures },
      });
      if (reservation.failures !== SIGNATURE_LOCK_AFTER) return;
      await audit.append(tx, {
        ...base,
        type: 'signature.locked',
        data: { itemId: facts.itemId, lockedForMinutes: SIGNATURE_LOCK_MS / 60_000, consecutiveFailures: reservation.failures },
      });
      await deps.alertAdmins(
        tx,
        signer.orgId,
        `electronic signing locked for ${signer.label}`,
        `${signer.label} failed to sign ${SIGNATURE_LOCK_AFTER} times in a row (wrong password or second factor). Signing is locked for that user for ${SIGNATURE_LOCK_MS / 60_000} minutes. If the user did not make these attempts, their password may be known to someone else.`,
      );
    });
  }

  /**
   * A live token from the provider's re-authentication of this very signer (policies' SSO
   * issues it). Only looked at here: `apply` spends it in the decision's transaction, so a
   * mistyped second factor does not cost the re-authentication.
   */
  async function isFreshReauthentication(signer: Signer, token: string): Promise<boolean> {
    const owner = await accounts.peekAccountToken(db, token, SIGNATURE_REAUTH_PURPOSE);
    return owner !== undefined && owner.orgId === signer.orgId && owner.userId === signer.userId;
  }

  /** The latest credential reset of `signer` in the 24 hours up to `signedAt`, or null. */
  async function credentialsResetBefore(
    ex: Executor,
    orgId: OrgId,
    signer: { userId: string; printedName: string },
    signedAt: number,
  ): Promise<CredentialsReset | null> {
    const entries = await audit.listAbout(ex, orgId, {
      target: { type: 'user', id: signer.userId },
      types: CREDENTIAL_RESET_EVENTS,
      since: signedAt - CREDENTIALS_RESET_WINDOW_MS,
      until: signedAt,
    });
    // An invitation link sets a first password: that is an account being opened, not a reset.
    const e = entries.find((x) => !(x.type === 'password_reset.completed' && (x.data as { purpose?: string }).purpose === 'invite'));
    if (!e) return null;
    const self = { userId: signer.userId, label: signer.printedName };
    const data = e.data as { requestedBy?: unknown; approvedBy?: unknown };
    const admins = [person(data.requestedBy), person(data.approvedBy)].filter((p) => p !== undefined);
    const by =
      e.type === 'two_factor.revoked' ? (admins.length > 0 ? admins : [{ userId: e.actor.userId, label: e.actor.label ?? 'an administrator' }]) : [self];
    return { at: e.at, event: e.type as CredentialsReset['event'], by };
  }

  return {
    credentialsResetBefore,

    /**
     * The checks before the second factor: a meaning from the step's list, signing not locked,
     * the password right. Returns the open attempt: the caller settles it after the factor
     * (`succeeded`, or `failed` when the factor is refused).
     */
    async begin(
      signer: Signer,
      meanings: string[],
      signature: { password?: string | undefined; reauthToken?: string | undefined; meaning: string } | undefined,
      facts: Pick<SignatureFacts, 'itemId' | 'stepIndex'>,
      meta: Meta,
    ) {
      if (!signature || (!signature.password && !signature.reauthToken))
        throw new Problem('signature_required', {
          detail: 'Confirm your password (or sign in again at your identity provider) and choose the meaning of your signature',
          extensions: { meanings },
        });
      if (!meanings.includes(signature.meaning))
        throw new Problem('signature_invalid', {
          detail: `"${signature.meaning}" is not a meaning this step allows (${meanings.join(', ')})`,
          extensions: { meanings },
        });
      const reservation = await limiter.reserve([{ key: `signature:${signer.userId}`, policy: SIGNATURE_POLICY }]);
      const proven = signature.reauthToken
        ? await isFreshReauthentication(signer, signature.reauthToken)
        : await accounts.checkPassword(db, signer.orgId, signer.userId, signature.password!);
      if (!proven) {
        await recordFailure(signer, reservation, facts, signature.reauthToken ? 'reauthentication_invalid' : 'wrong_password', meta);
        throw new Problem('signature_invalid', {
          detail: signature.reauthToken
            ? 'The re-authentication is unknown, used or expired: sign in again at your identity provider'
            : 'The password is not correct',
        });
      }
      return {
        succeeded: () => reservation.release('success'),
        failed: (reason: string) => recordFailure(signer, reservation, facts, reason, meta),
      };
    },

    /** Writes the sealed record in the decision's transaction, spending the re-authentication token if one stood in for the password. */
    async apply(tx: Tx, signer: Signer, facts: SignatureFacts, meta: Meta, reauthToken?: string | undefined): Promise<SignatureRow> {
      if (reauthToken) {
        const owner = await accounts.consumeAccountToken(tx, reauthToken, SIGNATURE_REAUTH_PURPOSE);
        if (owner?.userId !== signer.userId)
          throw new Problem('signature_invalid', { detail: 'The re-authentication was used meanwhile: sign in again at your identity provider' });
      }
      const contact = await accounts.findContact(tx, signer.orgId, signer.userId);
      if (!contact) throw new Problem('forbidden');
      const unsealed = {
        id: newId('sig'),
        org_id: signer.orgId,
        item_id: facts.itemId,
        user_id: signer.userId,
        printed_name: contact.name,
        email: contact.email,
        meaning: facts.meaning,
        decision: facts.decision,
        step_index: facts.stepIndex,
        round: facts.round,
        content_hash: facts.contentHash,
        signed_at: clock.now(),
      };
      const { seal, kid } = sealWith(await sealKeys.current(tx), sealedSignature(unsealed));
      const row = { ...unsealed, record_mac: recordMac(hmacKey, unsealed), seal, seal_kid: kid };
      await insertSignature(tx, row);
      await audit.append(tx, {
        orgId: signer.orgId,
        type: 'signature.applied',
        actor: { userId: signer.userId, label: signer.label },
        target: { type: 'item', id: facts.itemId },
        data: {
          signatureId: row.id,
          itemId: facts.itemId,
          step: facts.stepIndex,
          printedName: row.printed_name,
          meaning: row.meaning,
          decision: row.decision,
          contentHash: row.content_hash,
          signedAt: iso(row.signed_at),
          sealKid: kid,
        },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return row;
    },

    /**
     * The item's records with their validity: sealed (Ed25519, under a published key) as
     * written, on this item and signing the content it carries now, or, given
     * `contentHashOfRound`, the content of the version its round of review was on (a signature
     * given to revision 1 stays valid for revision 1 after a revision). A record written before
     * Ed25519 seals existed (no `seal`) is judged by its HMAC.
     */
    async listForItem(
      ex: Executor,
      orgId: OrgId,
      item: { id: ItemId; contentHash: string; contentHashOfRound?: ((round: number) => string | undefined) | undefined },
    ) {
      const rows = await listItemSignatures(ex, orgId, item.id);
      const jwks = await sealKeys.keysFor(
        ex,
        rows.map((r) => r.seal_kid),
      );
      return Promise.all(
        rows.map(async (r) => {
          const sealed = sealedSignature(r);
          const expected = item.contentHashOfRound?.(Number(r.round)) ?? item.contentHash;
          const sealOk = r.seal === null ? isSignatureValid(hmacKey, r, expected, item.id) : checkSeal(jwks, sealed, r.seal_kid, r.seal);
          const credentialsReset = await credentialsResetBefore(ex, orgId, { userId: r.user_id, printedName: r.printed_name }, Number(r.signed_at));
          return { row: r, sealed, sealOk, view: toView(r, sealOk && r.item_id === item.id && r.content_hash === expected, credentialsReset) };
        }),
      );
    },

    /** One record by id whatever item it names now (evidence looks for a signature moved away). */
    findById: (ex: Executor, orgId: OrgId, id: string) => findSignature(ex, orgId, id),
  };
}

const toView = (r: SignatureRow, valid: boolean, credentialsReset: CredentialsReset | null) => ({
  id: r.id,
  printedName: r.printed_name,
  email: r.email,
  meaning: r.meaning,
  signedAt: iso(Number(r.signed_at)),
  contentHash: r.content_hash,
  decision: r.decision as 'approve' | 'reject',
  valid,
  credentialsReset,
});

export type Signatures = ReturnType<typeof createSignatures>;
