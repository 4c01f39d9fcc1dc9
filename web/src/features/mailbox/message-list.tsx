import type { MailMessage } from '../../api/types.ts';
import { Link } from '../../router.tsx';
import { Badge } from '../../ui/badge.tsx';
import { formatDateTime } from '../../ui/format.ts';

export function MessageList({ messages, selectedId }: { messages: MailMessage[]; selectedId: string | undefined }) {
  return (
    <ul className="message-list" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id}>
          <Link to={`/admin/mailbox/${encodeURIComponent(m.id)}`} className="message-item" aria-current={m.id === selectedId ? 'true' : undefined}>
            <span className="message-subject">{m.subject}</span>
            {m.redacted ? (
              <span className="message-hidden">
                <Badge tone="neutral">Not shown: credential for {m.to}</Badge>
              </span>
            ) : m.expired ? (
              <span className="message-hidden">
                <Badge tone="neutral">Expired: text not kept</Badge>
              </span>
            ) : null}
            <span className="message-meta">
              <span className="message-to">To {m.to}</span>
              <time dateTime={m.at}>{formatDateTime(m.at)}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
