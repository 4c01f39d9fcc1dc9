import { useState } from 'react';
import type { MailMessage } from '../../api/types.ts';
import { Alert } from '../../ui/alert.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Linkify } from './linkify.tsx';

/**
 * One message. The text part is shown as text. The HTML part is untrusted markup: it is only
 * ever rendered inside an iframe with an empty `sandbox` (no scripts, no forms, no same-origin
 * access, no top navigation), never injected into this page.
 */
export function MessageView({ message }: { message: MailMessage }) {
  const [view, setView] = useState<'text' | 'html'>('text');
  const hasHtml = Boolean(message.html);
  const withheld = message.redacted || message.expired;

  return (
    <article className="message-view" aria-labelledby="message-subject">
      <header className="message-header">
        <h2 id="message-subject" className="message-view-subject">
          {message.subject}
        </h2>
        <dl className="message-headers">
          <dt>To</dt>
          <dd>{message.to}</dd>
          <dt>Date</dt>
          <dd>
            <time dateTime={message.at}>{formatDateTime(message.at)}</time>
          </dd>
        </dl>
      </header>
      {message.redacted ? (
        <div className="message-redacted">
          <Alert tone="info" title={`Credential message for ${message.to}, not shown`}>
            This message carries a link or code that would let its reader act as {message.to} (set a password, remove second factors, sign in or decide). Only
            its recipient reads it: an administrator cannot use someone else’s electronic signature alone (21 CFR 11.200(a)(3)). A development install can show
            it with <code>SIGNOFF_DEV_MAILBOX=1</code>.
          </Alert>
        </div>
      ) : null}
      {message.expired ? (
        <div className="message-redacted">
          <Alert tone="info" title="Expired: text not kept">
            This message carried a link or code (a password reset, an invitation, a sign-in or decision code) that no longer works. Signoff keeps such a
            message’s text only while its link or code can be used, so that no copy of the database holds a working one.
          </Alert>
        </div>
      ) : null}
      {withheld ? null : hasHtml ? (
        <div className="segmented" role="group" aria-label="Message format">
          <button type="button" aria-pressed={view === 'text'} onClick={() => setView('text')}>
            Plain text
          </button>
          <button type="button" aria-pressed={view === 'html'} onClick={() => setView('html')}>
            HTML preview
          </button>
        </div>
      ) : null}
      {withheld ? null : view === 'html' && message.html ? (
        <>
          <p className="field-hint">
            Shown in a locked-down frame: scripts, forms and the message’s own styles are blocked, so the layout is plainer than in a mail client.
          </p>
          <iframe className="message-html" title={`HTML version of ${message.subject}`} sandbox="" srcDoc={message.html} />
        </>
      ) : (
        <pre className="message-text">
          <Linkify text={message.text} />
        </pre>
      )}
    </article>
  );
}
