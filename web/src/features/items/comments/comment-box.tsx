// The comment box: a labelled text area with @-mention suggestions from the people who can read
// the item. Keyboard: typing @ and letters lists matches (a listbox tied to the text area by
// aria-controls and aria-activedescendant, the count announced politely), ArrowUp/ArrowDown
// move, Enter or Tab picks, Escape closes; a pointer picks with a click. Focus stays in the text
// area throughout.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { Mentionable } from '../../../api/comments.ts';
import { Button } from '../../../ui/button.tsx';
import { useMessageAbout } from '../../../ui/use-field-errors.ts';
import { insertMention, matchMentionable, mentionAt, type MentionQuery } from './mention-query.ts';

export const COMMENT_MAX = 4000;

type Props = {
  people: readonly Mentionable[];
  busy: boolean;
  error?: string | undefined;
  onSubmit: (text: string) => Promise<boolean>;
};

export function CommentBox({ people, busy, error, onSubmit }: Props) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  // A refused comment's message goes once the text changes (use-field-errors.ts).
  const message = useMessageAbout(error, text);
  const [mention, setMention] = useState<MentionQuery>();
  const [active, setActive] = useState(0);
  const matches = mention ? matchMentionable(people, mention.query) : [];
  const open = matches.length > 0;
  const listId = `${id}-mentions`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  function track(value: string, caret: number) {
    setText(value);
    const next = mentionAt(value, caret);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function pick(person: Mentionable) {
    if (!mention) return;
    const next = insertMention(text, mention, person);
    // Commit the new text now and put the caret after the mention before the next key arrives:
    // moving it a frame later put a quick typist's next letters before the caret.
    flushSync(() => {
      setText(next.text);
      setMention(undefined);
    });
    area.current?.focus();
    area.current?.setSelectionRange(next.caret, next.caret);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setMention(undefined);
    }
  }

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    if (await onSubmit(text)) {
      setText('');
      setMention(undefined);
    }
  }

  const describedBy = [hintId, message ? errorId : ''].filter(Boolean).join(' ');
  return (
    <form className="comment-box" onSubmit={send} aria-label="New comment">
      <div className={message ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-text`} className="field-label">
          Your comment
        </label>
        <div className="comment-input">
          <textarea
            ref={area}
            id={`${id}-text`}
            className="input textarea"
            rows={3}
            maxLength={COMMENT_MAX}
            value={text}
            aria-describedby={describedBy}
            aria-invalid={message ? true : undefined}
            aria-autocomplete="list"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
            onChange={(e) => track(e.target.value, e.target.selectionStart)}
            onSelect={(e) => setMention(mentionAt(e.currentTarget.value, e.currentTarget.selectionStart))}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setMention(undefined), 150)}
          />
          {open ? (
            <ul id={listId} role="listbox" className="mention-list" aria-label="People you can mention">
              {matches.map((p, i) => (
                <li
                  key={p.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'mention-option mention-option-active' : 'mention-option'}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(p);
                  }}
                >
                  <span className="cell-primary">{p.name}</span> <span className="cell-secondary">@{p.handle}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <p className="visually-hidden" aria-live="polite">
          {open ? `${matches.length} ${matches.length === 1 ? 'person' : 'people'} to mention: arrow keys to choose, Enter to pick, Escape to close.` : ''}
        </p>
        <p id={hintId} className="field-hint">
          Type @ and a name to mention someone who can read this item: they are emailed a link. Comments cannot be edited once posted.
        </p>
        {message ? (
          <p id={errorId} className="field-error">
            {message}
          </p>
        ) : null}
      </div>
      <CommentActions text={text} busy={busy} />
    </form>
  );
}

/** The characters left near the limit and the post button; shared with the guest's conversation. */
export function CommentActions({ text, busy }: { text: string; busy: boolean }) {
  return (
    <div className="comment-actions">
      <span className="muted comment-count" aria-live="polite">
        {text.length > COMMENT_MAX - 200 ? `${COMMENT_MAX - text.length} characters left` : ''}
      </span>
      <Button type="submit" variant="primary" busy={busy} disabled={!text.trim()}>
        Post comment
      </Button>
    </div>
  );
}
