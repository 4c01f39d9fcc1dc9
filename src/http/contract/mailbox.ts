// API.md "Mail in the embedded default".
import { z } from 'zod';

export const mailboxSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      at: z.string(),
      /** A message carrying a credential (reset or invitation link, code) to someone else: `text` is a placeholder, `html` empty (unless SIGNOFF_DEV_MAILBOX=1). */
      redacted: z.boolean(),
      /** The link or code it carried has expired, and its text is no longer kept: `text` is a placeholder, `html` empty. */
      expired: z.boolean(),
    }),
  ),
});
