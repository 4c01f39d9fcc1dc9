import { useEffect, useState } from 'react';

/** Larger files are offered as a download only: the browser would hold them whole in memory. */
const INLINE_MAX_BYTES = 30 * 1024 * 1024;

export type FileBytes =
  { state: 'loading'; received: number } | { state: 'loaded'; bytes: Uint8Array; sha256: string } | { state: 'failed'; error: string } | { state: 'too_large' };

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The file under review, fetched once with the session's cookie, with progress, and its
 * SHA-256 computed here in the browser: the page can then say that what it shows is exactly
 * the version the item records, without trusting a header.
 */
export function useFileBytes(url: string, size: number): FileBytes {
  const [state, setState] = useState<FileBytes>(size > INLINE_MAX_BYTES ? { state: 'too_large' } : { state: 'loading', received: 0 });
  useEffect(() => {
    if (size > INLINE_MAX_BYTES) return undefined;
    const abort = new AbortController();
    (async () => {
      const res = await fetch(url, { credentials: 'same-origin', signal: abort.signal });
      if (!res.ok || !res.body) throw new Error(`the file could not be loaded (${res.status})`);
      const reader = res.body.getReader();
      const bytes = new Uint8Array(size);
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (received + value.length > size) throw new Error('the file is larger than the item says');
        bytes.set(value, received);
        received += value.length;
        setState({ state: 'loading', received });
      }
      const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes.subarray(0, received)));
      setState({ state: 'loaded', bytes: bytes.subarray(0, received), sha256 });
    })().catch((e: unknown) => {
      if (!abort.signal.aborted) setState({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    });
    return () => abort.abort();
  }, [url, size]);
  return state;
}
