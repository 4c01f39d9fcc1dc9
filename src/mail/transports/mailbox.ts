// The embedded default (docs/guide.md §9): without SMTP, a message is "delivered" by writing it
// as `<dataDir>/mail/<id>.eml`, a complete RFC 5322 message any mail client opens. The row is
// then marked transport='mailbox', which is what the dev mailbox page lists.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailTransport } from './mail-transport.ts';
import type { composerFor } from './compose-message.ts';

export function createMailboxTransport(o: { dir: string; from: string }): MailTransport {
  // The same composer as SMTP's (compose-message.ts), loaded with the first mail.
  let composer: ReturnType<typeof composerFor> | undefined;
  return {
    name: 'mailbox',
    async send(mail) {
      // The id comes from newId(): letters, digits and one underscore, so it is a safe file name.
      if (!/^[a-z0-9_]+$/.test(mail.id)) throw new TypeError('mail id is not a safe file name');
      composer ??= (await import('./compose-message.ts')).composerFor(o.from);
      const raw = composer.compose(mail);
      // Write then rename: a crash mid-write leaves a temporary file, never a truncated .eml.
      const final = join(o.dir, `${mail.id}.eml`);
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
