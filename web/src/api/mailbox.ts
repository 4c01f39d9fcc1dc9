import { api } from './client.ts';
import type { MailMessage } from './types.ts';

export const listMailboxMessages = () => api.get<{ messages: MailMessage[] }>('/dev/mailbox').then((r) => r.messages);
