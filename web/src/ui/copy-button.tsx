import { useEffect, useState } from 'react';
import { Button } from './button.tsx';

/** Copies `text` to the clipboard and says so for two seconds (also to screen readers). */
export function CopyButton({
  text,
  label = 'Copy',
  copiedLabel = 'Copied',
  size = 'sm',
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  size?: 'sm' | 'md';
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(t);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <>
      <Button size={size} onClick={copy}>
        {state === 'copied' ? copiedLabel : label}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? copiedLabel : state === 'failed' ? 'Copying failed: select the text and copy it yourself.' : ''}
      </span>
    </>
  );
}
