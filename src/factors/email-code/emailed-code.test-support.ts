// For the email-code tests: the code a challenge's mail carries, found in the outbox the way a
// recipient would read it, and told apart from other challenges' mail by the HMAC the
// challenge stores.
import type { Executor } from '../../platform/db/connect.ts';
import type { ChallengeId } from '../../platform/ids.ts';
import { hashEmailCode } from './email-code-hash.ts';

export async function emailedCode(db: Executor, hmacKey: Uint8Array, challengeId: ChallengeId): Promise<{ code: string; to: string; text: string }> {
  const { code_hash } = await db.selectFrom('challenges').select('code_hash').where('id', '=', challengeId).executeTakeFirstOrThrow();
  const mails = await db
    .selectFrom('mail_outbox')
    .innerJoin('mail_bodies', 'mail_bodies.mail_id', 'mail_outbox.id')
    .select(['to_address', 'text_body'])
    .where('template', '=', 'email-code')
    .execute();
  for (const m of mails) {
    const code = /\n(\d{6})\n/.exec(m.text_body)?.[1];
    if (code && hashEmailCode(hmacKey, challengeId, code) === code_hash) return { code, to: m.to_address, text: m.text_body };
  }
  throw new Error(`no mail carries the code of challenge ${challengeId}`);
}
