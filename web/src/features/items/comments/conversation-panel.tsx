// The item's conversation: comments grouped by the content version they are about (newest
// version last), oldest first within each, and the box for a new one. Text is shown as text
// (React escapes it; never HTML). An emailed mention links to #comment-<id>, which is
// scrolled to and highlighted once the comments load.
import { useCallback, useEffect, useState } from 'react';
import { postComment, type CommentList, type CommentView } from '../../../api/comments.ts';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { commentsQuery, queryKeys } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { formatDateTime, formatUtc } from '../../../ui/format.ts';
import { Loading } from '../../../ui/loading.tsx';
import { CommentBox } from './comment-box.tsx';

function byRevision(comments: readonly CommentView[]): [number, CommentView[]][] {
  const groups = new Map<number, CommentView[]>();
  for (const c of comments) groups.set(c.revision, [...(groups.get(c.revision) ?? []), c]);
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

function Comment({ comment, highlighted }: { comment: CommentView; highlighted: boolean }) {
  return (
    <li id={`comment-${comment.id}`} className={highlighted ? 'comment comment-highlighted' : 'comment'} tabIndex={highlighted ? -1 : undefined}>
      <p className="comment-head">
        <span className="history-actor">{comment.author.name || comment.author.email}</span>{' '}
        {comment.author.guest ? (
          <>
            <span className="muted">{comment.author.email}</span>{' '}
          </>
        ) : null}
        <time className="history-time" dateTime={comment.at} title={formatUtc(comment.at)}>
          {formatDateTime(comment.at)}
        </time>
      </p>
      <p className="comment-text">{comment.text}</p>
      {comment.mentions.length ? <p className="comment-mentions muted">Mentioned: {comment.mentions.map((m) => m.name || m.email).join(', ')}</p> : null}
    </li>
  );
}

export function ConversationPanel({ itemId }: { itemId: string }) {
  const loaded = useQuery(commentsQuery(itemId));
  const data = loaded.data;
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [target] = useState(() => (window.location.hash.startsWith('#comment-') ? window.location.hash.slice(1) : undefined));

  useEffect(() => {
    if (!data || !target) return;
    const el = document.getElementById(target);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [data, target]);

  const submit = useCallback(
    async (text: string) => {
      setBusy(true);
      setError(undefined);
      try {
        const comment = await postComment(itemId, { text });
        queryClient.setQueryData(queryKeys.comments(itemId), (d: CommentList | undefined) => (d ? { ...d, comments: [...d.comments, comment] } : d));
        return true;
      } catch (e) {
        setError(isApiProblem(e) ? (e.fieldErrors().text ?? e.detail ?? e.title) : describeError(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [itemId, queryClient],
  );

  return (
    <section className="section" aria-labelledby="conversation-title">
      <h2 id="conversation-title" className="section-title">
        Conversation
      </h2>
      <div className="panel conversation">
        {!data ? (
          loaded.error ? (
            <Alert tone="error" title="The comments could not be loaded">
              {describeError(loaded.error)}
            </Alert>
          ) : (
            <Loading label="Loading the comments…" />
          )
        ) : (
          <>
            {data.comments.length === 0 ? (
              <p className="muted">No comments yet. Ask a question or answer one here; the decision stays in the decision panel.</p>
            ) : null}
            {byRevision(data.comments).map(([revision, comments]) => (
              <div key={revision} className="comment-thread">
                <h3 className="comment-version">
                  Version {revision}
                  {revision === data.currentRevision ? <span className="muted"> (current)</span> : null}
                </h3>
                <ol className="comment-list" aria-label={`Comments on version ${revision}`}>
                  {comments.map((c) => (
                    <Comment key={c.id} comment={c} highlighted={target === `comment-${c.id}`} />
                  ))}
                </ol>
              </div>
            ))}
            <CommentBox people={data.mentionable} busy={busy} error={error} onSubmit={submit} />
          </>
        )}
      </div>
    </section>
  );
}
