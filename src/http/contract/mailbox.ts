// API.md "Mail in the embedded default".
import { z } from 'zod';

export const mailboxSchema = z.object({
  messages: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), at: z.string() })),
});
