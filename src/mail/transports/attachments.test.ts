// Attachments leave the outbox row intact in both transports: the raw RFC 5322 message the
// mailbox stores as .eml (and SMTP sends) carries the file, which a mail reader parses back.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeRawMessage } from './smtp.ts';

describe('mail attachments', () => {
  it('composes a multipart message whose attachment parses back byte for byte', async () => {
    const content = `${JSON.stringify({ organization: 'org_1', seq: 100, headHash: 'a'.repeat(64), note: 'é ✓' }, null, 2)}\n`;
    const raw = await composeRawMessage(
      {
        id: 'msg_1',
        messageId: '<msg_1@localhost>',
        to: 'w@x.test',
        subject: 'cp',
        text: 't',
        html: '<p>t</p>',
        date: new Date(0),
        attachments: [{ filename: 'checkpoint-org_1-100.json', contentType: 'application/json', content }],
      },
      'Signoff <signoff@localhost>',
    );
    const parsed = await simpleParser(raw);
    expect(parsed.text?.trim()).toBe('t');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe('checkpoint-org_1-100.json');
    expect(parsed.attachments[0]!.contentType).toBe('application/json');
    expect(parsed.attachments[0]!.content.toString('utf8')).toBe(content);
  });

  it('composes no attachment part when there is none', async () => {
    const raw = await composeRawMessage(
      { id: 'msg_2', messageId: '<msg_2@localhost>', to: 'w@x.test', subject: 's', text: 't', html: '<p>t</p>', date: new Date(0) },
      'S <s@localhost>',
    );
    expect((await simpleParser(raw)).attachments).toEqual([]);
  });
});
