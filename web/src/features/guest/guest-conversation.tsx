// The item's conversation as a confirmed guest may read it (their own comments, and the others'
// when their step shows comments to guests; the server decides which), and a box to add one.
// A guest's comment is plain text: no @-mention suggestions, nobody is emailed. Text is shown as
// text (React escapes it; never HTML).
import { useId, useState } from 'react';
import type { CommentView } from '../../api/comments.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { formatDateTime, formatUtc } from '../../ui/format.ts';
import { useFieldError } from '../../ui/use-field-errors.ts';
import { COMMENT_MAX, CommentActions } from '../items/comments/comment-box.tsx';

type Props = { comments: readonly CommentView[]; onPost: (text: string) => Promise<CommentView> };

export function GuestConversation({ comments: initial, onPost }: Props) {
  const id = useId();
  const [comments, setComments] = useState<readonly CommentView[]>(initial);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useFieldError(text);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const posted = await onPost(text);
      setComments((c) => [...c, posted]);
      setText('');
    } catch (err) {
      setError(isApiProblem(err) ? (err.fieldErrors().text ?? err.detail ?? err.title) : describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Conversation
      </h2>
      <div className="panel conversation">
        {comments.length === 0 ? (
          <p className="muted">No comments yet. Ask the reviewers a question or add a note here.</p>
        ) : (
          <ol className="comment-list" aria-label="Conversation so far">
            {comments.map((c) => (
              <li key={c.id} className="comment">
                <p className="comment-head">
                  <span className="history-actor">{c.author.name || c.author.email}</span>{' '}
                  <time className="history-time" dateTime={c.at} title={formatUtc(c.at)}>
                    {formatDateTime(c.at)}
                  </time>
                </p>
                <p className="comment-text">{c.text}</p>
              </li>
            ))}
          </ol>
        )}
        <form className="comment-box" onSubmit={(e) => void send(e)} aria-label="Write to the reviewers">
          <div className={error ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${id}-text`} className="field-label">
              Your message
            </label>
            <textarea
              id={`${id}-text`}
              className="input textarea"
              rows={3}
              maxLength={COMMENT_MAX}
              value={text}
              aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setText(e.target.value)}
            />
            <p id={hintId} className="field-hint">
              The people reviewing this item read it, with your name and email. It cannot be edited once posted.
            </p>
            {error ? (
              <p id={errorId} className="field-error">
                {error}
              </p>
            ) : null}
          </div>
          <CommentActions text={text} busy={busy} />
        </form>
      </div>
    </section>
  );
}
