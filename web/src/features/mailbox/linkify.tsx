import type { ReactNode } from 'react';

const URL_RE = /\bhttps?:\/\/[^\s<>"')\]]+/g;

/** Plain text with its http(s) URLs made into links; nothing else is interpreted. */
export function Linkify({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    const url = m[0].replace(/[.,;:!?]+$/, '');
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} rel="noopener noreferrer">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
