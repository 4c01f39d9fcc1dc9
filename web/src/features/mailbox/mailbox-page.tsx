import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { mailboxQuery } from '../../api/queries.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { MessageList } from './message-list.tsx';
import { MessageView } from './message-view.tsx';

/** The local mailbox: mail Signoff has written while no SMTP server is configured. */
export function MailboxPage({ messageId }: { messageId?: string | undefined }) {
  const messages = useQuery(mailboxQuery);
  const sorted = useMemo(() => [...(messages.data ?? [])].sort((a, b) => b.at.localeCompare(a.at)), [messages.data]);
  const selected = sorted.find((m) => m.id === messageId);

  return (
    <div className="page">
      <PageHeader
        title="Mailbox"
        description="Without an SMTP server, Signoff keeps outgoing mail here and as .eml files in the data directory. A message that carries someone else’s reset link, invitation or code shows only whom it went to."
        actions={
          <Button onClick={() => void messages.refetch()} busy={messages.isFetching && !!messages.data}>
            Refresh
          </Button>
        }
      />
      {isApiProblem(messages.error) && messages.error.status === 404 ? (
        <Alert tone="info" title="The local mailbox is off">
          Signoff is sending mail over SMTP, so messages are not kept here.
        </Alert>
      ) : messages.error ? (
        <Alert tone="error" title="The mailbox could not be loaded">
          {describeError(messages.error)}
        </Alert>
      ) : null}
      {messages.isPending ? (
        <Loading label="Loading messages…" />
      ) : sorted.length > 0 ? (
        <div className="mailbox">
          <MessageList messages={sorted} selectedId={selected?.id} />
          <div className="mailbox-reader">
            {selected ? (
              <MessageView key={selected.id} message={selected} />
            ) : (
              <EmptyState title={messageId ? 'This message is not in the mailbox' : 'Select a message'}>
                {messageId ? 'It may have been removed.' : 'Choose a message from the list to read it.'}
              </EmptyState>
            )}
          </div>
        </div>
      ) : messages.data ? (
        <div className="panel">
          <EmptyState title="No messages yet">Invitations, password resets and security notices will appear here.</EmptyState>
        </div>
      ) : null}
    </div>
  );
}
