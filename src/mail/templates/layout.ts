// The shared shape of every Signoff email: a greeting, a few plain paragraphs, at most one
// action link, and a footer naming the site. Templates pass plain text only; this file is the
// one place that writes HTML, and it escapes everything it is given.
//
// Accessibility: `lang`, a `<title>`, one heading, real paragraphs, a descriptive link text,
// body text at 16px with contrast above WCAG AA, no images and no layout tables. The link is
// also printed as text in both parts, because many clients strip or block links.
import type { RenderedMail } from '../mail-message.ts';
import { escapeHtml } from './escape-html.ts';

export type LayoutContent = {
  siteName: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown after the action, e.g. "If you did not ask for this, ignore this email." */
  after?: string[];
};

/** Header values must stay on one line; a variable with a line break could otherwise start a new header. */
export const oneLine = (value: string): string => value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

export function renderLayout(c: LayoutContent): RenderedMail {
  if (c.action) assertWebLink(c.action.url);
  return { subject: oneLine(c.subject), text: renderText(c), html: renderHtml(c) };
}

function renderText(c: LayoutContent): string {
  const lines = [c.heading, '', ...c.paragraphs.flatMap((p) => [p, ''])];
  if (c.action) lines.push(`${c.action.label}:`, c.action.url, '');
  for (const p of c.after ?? []) lines.push(p, '');
  lines.push('-- ', c.siteName);
  return lines.join('\n') + '\n';
}

function renderHtml(c: LayoutContent): string {
  const e = escapeHtml;
  const p = (text: string) => `<p style="margin:0 0 16px">${e(text)}</p>`;
  const action = c.action
    ? `<p style="margin:24px 0"><a href="${e(c.action.url)}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:underline;border-radius:6px;font-weight:600">${e(c.action.label)}</a></p>` +
      `<p style="margin:0 0 16px">If the link above does not work, copy this address into your browser:<br><span style="word-break:break-all">${e(c.action.url)}</span></p>`
    : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(oneLine(c.subject))}</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1f2937;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5">',
    '<div role="article" aria-label="' + e(oneLine(c.subject)) + '" style="max-width:560px;margin:0 auto">',
    `<h1 style="font-size:22px;margin:0 0 16px">${e(c.heading)}</h1>`,
    ...c.paragraphs.map(p),
    action,
    ...(c.after ?? []).map(p),
    `<hr style="border:none;border-top:1px solid #d1d5db;margin:24px 0"><p style="margin:0;color:#4b5563;font-size:14px">${e(c.siteName)}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Only http(s) links go into an email: a `javascript:` or `data:` URL here is a programming error. */
function assertWebLink(url: string): void {
  let scheme: string;
  try { scheme = new URL(url).protocol; } catch { throw new TypeError('mail link must be an absolute URL'); }
  if (scheme !== 'https:' && scheme !== 'http:') throw new TypeError(`mail link must use http(s), got ${scheme}`);
}
