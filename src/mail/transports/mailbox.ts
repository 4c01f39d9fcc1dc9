// The embedded default (docs/guide.md §9): without SMTP, a message is "delivered" by writing it
// as `<dataDir>/mail/<id>.eml`, a complete RFC 5322 message any mail client opens. The row is
// then marked transport='mailbox', which is what the dev mailbox page lists. A message whose
// link or code has expired loses its file with its text in the outbox (the sweep, mail/index.ts).
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailTransport } from './mail-transport.ts';
import type { composerFor } from './compose-message.ts';

/** The id comes from newId(): letters, digits and one underscore, so it is a safe file name. */
function fileOf(dir: string, id: string): string {
  if (!/^[a-z0-9_]+$/.test(id)) throw new TypeError('mail id is not a safe file name');
  return join(dir, `${id}.eml`);
}

/** Deletes the local mailbox's files of these messages, where there are any (a message that went over SMTP has none). */
export async function removeMailboxFiles(dir: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) await rm(fileOf(dir, id), { force: true });
}

export function createMailboxTransport(o: { dir: string; from: string }): MailTransport {
  // The same composer as SMTP's (compose-message.ts), loaded with the first mail.
  let composer: ReturnType<typeof composerFor> | undefined;
  return {
    name: 'mailbox',
    async send(mail) {
      const final = fileOf(o.dir, mail.id);
      composer ??= (await import('./compose-message.ts')).composerFor(o.from);
      const raw = composer.compose(mail);
      // Write then rename: a crash mid-write leaves a temporary file, never a truncated .eml.
      const temp = `${final}.${process.pid}.tmp`;
      // The directory is made when a write finds it missing (the first message, or someone removed
      // it), not asked for before every message: two system calls each, of a decision's mail.
      await writeFile(temp, raw).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await mkdir(o.dir, { recursive: true });
        await writeFile(temp, raw);
      });
      await rename(temp, final);
    },
  };
}
