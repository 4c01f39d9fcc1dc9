// Picks a file and uploads it at once, with a progress bar (XMLHttpRequest upload progress),
// so the item can name it by `uploadId`. The bar is a <progress> element: the CSP forbids the
// inline width a styled bar would need.
import { useId, useRef, useState } from 'react';
import { uploadContent } from '../../api/items.ts';
import { describeError } from '../../api/problem.ts';
import type { Upload } from '../../api/workflow-types.ts';
import { Button } from '../../ui/button.tsx';
import { formatBytes, shortHash } from '../../ui/format.ts';

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; name: string; size: number; fraction: number }
  | { phase: 'done'; upload: Upload }
  | { phase: 'failed'; name: string; error: unknown };

type Props = { onUploaded: (upload: Upload | undefined) => void; onBusy: (busy: boolean) => void; error?: string | undefined };

export function UploadField({ onUploaded, onBusy, error }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });

  const pick = async (file: File | undefined) => {
    onUploaded(undefined);
    if (!file) return setState({ phase: 'idle' });
    setState({ phase: 'uploading', name: file.name, size: file.size, fraction: 0 });
    onBusy(true);
    try {
      const upload = await uploadContent(file, (fraction) => setState((s) => (s.phase === 'uploading' ? { ...s, fraction } : s)));
      setState({ phase: 'done', upload });
      onUploaded(upload);
    } catch (e) {
      setState({ phase: 'failed', name: file.name, error: e });
    } finally {
      onBusy(false);
    }
  };

  const shownError = state.phase === 'failed' ? `${state.name} was not uploaded: ${describeError(state.error)}` : error;
  return (
    <div className={['field', 'upload-field', shownError ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        File
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        className="file-input"
        disabled={state.phase === 'uploading'}
        onChange={(e) => void pick(e.target.files?.[0])}
        aria-describedby={`${id}-status`}
      />
      <div id={`${id}-status`} className="upload-status" aria-live="polite">
        {state.phase === 'uploading' ? (
          <>
            <progress className="progress" max={1} value={state.fraction} aria-label={`Uploading ${state.name}`} />
            <span className="field-hint">
              Uploading {state.name} ({formatBytes(state.size)})… {Math.round(state.fraction * 100)}%
            </span>
          </>
        ) : state.phase === 'done' ? (
          <>
            <progress className="progress progress-done" max={1} value={1} aria-label={`${state.upload.name} uploaded`} />
            <span className="field-hint">
              Uploaded {state.upload.name} ({formatBytes(state.upload.size)}), SHA-256 <code title={state.upload.sha256}>{shortHash(state.upload.sha256)}</code>
            </span>
          </>
        ) : (
          <span className="field-hint">The file is sent when you choose it. Its SHA-256 becomes the item's version.</span>
        )}
      </div>
      {shownError ? <p className="field-error">{shownError}</p> : null}
      {state.phase === 'failed' ? (
        <div>
          <Button size="sm" onClick={() => input.current?.click()}>
            Choose the file again
          </Button>
        </div>
      ) : null}
    </div>
  );
}
