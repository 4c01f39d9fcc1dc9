// The shared shape of every Signoff email: a header naming the organisation and the site, a
// greeting, a few plain blocks (paragraphs, a one-time code, a short list of facts), at most one
// action button, and a footer saying who sent it to whom. Templates pass plain text only; this
// file is the one place that writes HTML, and it escapes everything it is given.
//
// People decide whether to trust an email from what it shows them, so the branding is not left
// to each template: renderMail brands whatever a template laid out (`applyBrand`), and a new
// template gets the organisation's header and the footer without doing anything.
//
// Both parts are written from the same blocks, in the same order and words, so the plain-text
// alternative never says something the HTML does not (render-mail.test.ts checks this).
//
// Accessibility: `lang`, a `<title>`, one heading, real paragraphs, a descriptive link text,
// body text at 16px with contrast above WCAG AA, no images and no layout tables. The link is
// also printed as text in both parts, because many clients strip or block links.
import type { RenderedMail } from './rendered-mail.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * A one-time code, shown large in a monospace face. Its digits are spaced by CSS only
 * (letter-spacing), so what a reader copies is the code alone; in the text part it stands on a
 * line of its own.
 */
type CodeBlock = { code: string };
/** Facts the reader checks at a glance, e.g. `[{ label: 'Browser', value: 'Chrome on macOS' }]`. */
export type FactsBlock = { facts: { label: string; value: string }[] };
type Block = string | CodeBlock | FactsBlock;

export type LayoutContent = {
  siteName: string;
  subject: string;
  heading: string;
  paragraphs: Block[];
  action?: { label: string; url: string };
  /** Shown after the action, e.g. "If you did not ask for this, ignore this email." */
  after?: Block[];
};

/** Who sends the message and to whom: the header and footer. Only renderMail knows all of it. */
export type MailBrand = { organization?: string | undefined; recipient?: string | undefined; baseUrl?: string | undefined };

/** Header values must stay on one line; a variable with a line break could otherwise start a new header. */
const oneLine = (value: string): string => value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

/** Remembers what a rendered mail was laid out from, so `applyBrand` can lay it out again with the brand. */
const LAID_OUT = Symbol('mail layout content');
type LaidOutMail = RenderedMail & { [LAID_OUT]?: LayoutContent };

export function renderLayout(c: LayoutContent, brand: MailBrand = {}): RenderedMail {
  if (c.action) assertWebLink(c.action.url);
  const mail: LaidOutMail = { subject: oneLine(c.subject), text: renderText(c, brand), html: renderHtml(c, brand) };
  Object.defineProperty(mail, LAID_OUT, { value: c, enumerable: false });
  return mail;
}

/** The same mail with the organisation in its header and the recipient in its footer; a mail not laid out here is returned as it is. */
export function applyBrand(mail: RenderedMail, brand: MailBrand): RenderedMail {
  const content = (mail as LaidOutMail)[LAID_OUT];
  return content ? renderLayout(content, brand) : mail;
}

function headerLines(c: LayoutContent, brand: MailBrand): string[] {
  const org = brand.organization ? oneLine(brand.organization) : '';
  return org && org !== c.siteName ? [org, c.siteName] : [c.siteName];
}

function footerLines(c: LayoutContent, brand: MailBrand): string[] {
  const org = brand.organization ? oneLine(brand.organization) : '';
  const sender = `${c.siteName}${brand.baseUrl ? ` (${brand.baseUrl})` : ''}${org ? ` for ${org}` : ''}`;
  return [brand.recipient ? `This email was sent to ${brand.recipient} by ${sender}.` : `This email was sent by ${sender}.`];
}

const factLine = (f: { label: string; value: string }) => `${f.label}: ${f.value}`;

function textBlock(b: Block): string[] {
  if (typeof b === 'string') return [b, ''];
  if ('code' in b) return [b.code, ''];
  return [...b.facts.map(factLine), ''];
}

function renderText(c: LayoutContent, brand: MailBrand): string {
  const lines = [...headerLines(c, brand), '', c.heading, '', ...c.paragraphs.flatMap(textBlock)];
  if (c.action) lines.push(`${c.action.label}:`, c.action.url, '');
  lines.push(...(c.after ?? []).flatMap(textBlock));
  lines.push('-- ', ...footerLines(c, brand));
  return lines.join('\n') + '\n';
}

const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono','Courier New',monospace";
const ACCENT = '#1d4ed8';
/** Under the button in html; the text part prints the address right under the action's label instead. */
export const LINK_FALLBACK = 'If the button does not work, copy this address into your browser:';
const css = (...rules: string[]) => rules.join(';');
// user-select:all: one click selects the whole code. Its spacing is letter-spacing, never spaces.
const CODE_STYLE = css(
  'display:inline-block',
  'padding:10px 8px 10px 18px',
  `font-family:${MONO}`,
  'font-size:32px',
  'line-height:1.2',
  'font-weight:700',
  'letter-spacing:0.3em',
  'color:#111827',
  'background:#f3f4f6',
  'border:1px solid #d1d5db',
  'border-radius:6px',
  '-webkit-user-select:all',
  'user-select:all',
);
const BUTTON_STYLE = css(
  'display:inline-block',
  'padding:12px 20px',
  `background:${ACCENT}`,
  'color:#ffffff',
  'text-decoration:underline',
  'border-radius:6px',
  'font-weight:600',
);
const BODY_STYLE = css(
  'margin:0',
  'padding:16px 12px',
  'background:#f3f4f6',
  'color:#1f2937',
  'font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif',
  'font-size:16px',
  'line-height:1.5',
);

function htmlBlock(b: Block): string {
  const e = escapeHtml;
  if (typeof b === 'string') return `<p style="margin:0 0 16px">${e(b)}</p>`;
  if ('code' in b) return `<p style="margin:8px 0 24px"><span class="mail-code" style="${CODE_STYLE}">${e(b.code)}</span></p>`;
  const rows = b.facts.map((f) => `<p style="margin:0 0 4px"><strong>${e(f.label)}:</strong> ${e(f.value)}</p>`).join('');
  return `<div style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #9ca3af;background:#f9fafb">${rows}</div>`;
}

function renderHtml(c: LayoutContent, brand: MailBrand): string {
  const e = escapeHtml;
  const [first, ...rest] = headerLines(c, brand);
  const action = c.action
    ? `<p style="margin:24px 0"><a class="mail-action" href="${e(c.action.url)}" style="${BUTTON_STYLE}">${e(c.action.label)}</a></p>` +
      `<p style="margin:0 0 16px">${LINK_FALLBACK}<br><span style="word-break:break-all">${e(c.action.url)}</span></p>`
    : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(oneLine(c.subject))}</title></head>`,
    `<body style="${BODY_STYLE}">`,
    `<div role="article" aria-label="${e(oneLine(c.subject))}" style="max-width:600px;margin:0 auto;overflow-wrap:anywhere">`,
    `<div style="background:#ffffff;border:1px solid #d1d5db;border-top:4px solid ${ACCENT};border-radius:8px">`,
    '<div class="mail-header" style="padding:16px 24px;border-bottom:1px solid #e5e7eb">',
    `<p style="margin:0;font-size:18px;font-weight:700;color:#111827">${e(first!)}</p>`,
    ...rest.map((line) => `<p style="margin:0;font-size:14px;color:#4b5563">${e(line)}</p>`),
    '</div>',
    '<div style="padding:24px">',
    `<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${e(c.heading)}</h1>`,
    ...c.paragraphs.map(htmlBlock),
    action,
    ...(c.after ?? []).map(htmlBlock),
    '</div>',
    '</div>',
    '<div class="mail-footer" style="padding:16px 24px;color:#4b5563;font-size:13px">',
    ...footerLines(c, brand).map((line) => `<p style="margin:0 0 4px">${e(line)}</p>`),
    '</div>',
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Only http(s) links go into an email: a `javascript:` or `data:` URL here is a programming error. */
function assertWebLink(url: string): void {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new TypeError('mail link must be an absolute URL');
  }
  if (scheme !== 'https:' && scheme !== 'http:') throw new TypeError(`mail link must use http(s), got ${scheme}`);
}
