// What a template renders and what it knows of the installation: a leaf, so templates and
// mail-message.ts (which names the templates' variables) do not import each other.

/** A rendered message: both parts carry the same content (RFC 2046 multipart/alternative). */
export type RenderedMail = { subject: string; text: string; html: string };

/** What every template needs to know about the installation. */
export type MailSite = { siteName: string; baseUrl: string };
