// Tells someone who can read an item that a comment on it mentions them (@name). It names the
// author, the item and the version the comment is about, and links to the comment inside
// Signoff (sign-in required): the comment's text, like the content, never travels by email.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type CommentMentionVars = { name: string; author: string; title: string; revision: number; link: string };

export function commentMention(vars: CommentMentionVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${vars.author} mentioned you: ${vars.title}`,
    heading: `Hello ${vars.name},`,
    paragraphs: [`${vars.author} mentioned you in a comment on "${vars.title}" (version ${vars.revision}).`],
    action: { label: 'Read the comment', url: vars.link },
  });
}
