// The strategy every transport implements. A transport resolves only once the message is
// accepted (by the SMTP server, or durably written to the mailbox); anything else rejects,
// and the worker retries. `name` is stored on the row, so the mailbox can tell its messages
// from those sent over SMTP.
export type OutgoingMail = {
  id: string;
  /** RFC 5322 Message-ID, angle brackets included; identical on every retry. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Date header, from the injected clock. */
  date: Date;
  /** Files sent with the message (multipart/mixed), as stored on the outbox row. */
  attachments?: { filename: string; contentType: string; content: string }[] | undefined;
};

export type MailTransport = {
  name: string;
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void> | void;
};
