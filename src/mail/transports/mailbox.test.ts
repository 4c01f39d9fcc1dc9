// The local mailbox writes each message as one complete .eml file, making its directory when a
// write finds it missing rather than before every message.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailboxTransport } from './mailbox.ts';
import type { OutgoingMail } from './mail-transport.ts';

const mail = (id: string): OutgoingMail => ({
  id,
  messageId: `<${id}@signoff.example>`,
  to: 'reviewer@example.com',
  subject: 'Review requested',
  text: 'Please review.\n',
  html: '<p>Please review.</p>',
  date: new Date('2026-12-07T10:00:00Z'),
});

describe('mailbox transport', () => {
  let root = '';
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('makes its directory at the first message and again when someone removed it, leaving only whole .eml files', async () => {
    root = await mkdtemp(join(tmpdir(), 'signoff-mailbox-'));
    const dir = join(root, 'data', 'mail');
    const transport = createMailboxTransport({ dir, from: 'Signoff <signoff@example.com>' });
    await transport.send(mail('msg_first'));
    await transport.send(mail('msg_second'));
    expect((await readdir(dir)).sort()).toEqual(['msg_first.eml', 'msg_second.eml']);
    await rm(dir, { recursive: true });
    await transport.send(mail('msg_third'));
    expect(await readdir(dir)).toEqual(['msg_third.eml']);
    const raw = await readFile(join(dir, 'msg_third.eml'), 'utf8');
    expect(raw).toContain('Message-ID: <msg_third@signoff.example>');
    expect(raw).toContain('Please review.');
  });

  it('fails, and writes nothing, when the directory cannot be made', async () => {
    root = await mkdtemp(join(tmpdir(), 'signoff-mailbox-'));
    // A file where the directory's parent should be: neither the write nor mkdir can succeed.
    await writeFile(join(root, 'data'), 'not a directory');
    const transport = createMailboxTransport({ dir: join(root, 'data', 'mail'), from: 'Signoff <signoff@example.com>' });
    await expect(transport.send(mail('msg_lost'))).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await readdir(root)).toEqual(['data']);
  });

  it('refuses an id that is not a safe file name', async () => {
    root = await mkdtemp(join(tmpdir(), 'signoff-mailbox-'));
    const transport = createMailboxTransport({ dir: root, from: 'Signoff <signoff@example.com>' });
    await expect(transport.send(mail('../escape'))).rejects.toThrow(/safe file name/);
    expect(await readdir(root)).toEqual([]);
  });
});
