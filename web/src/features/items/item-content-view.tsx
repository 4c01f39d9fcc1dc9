// The document under review, shown where the decision is taken: text as written; PDFs, images
// and text files drawn inline from the bytes the browser fetched (their SHA-256 checked here
// against the item's content hash); anything else as a download card.
import type { ItemContent } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { formatBytes, shortHash } from '../../ui/format.ts';
import { fileKind } from './content/file-kind.ts';
import { ImageView } from './content/image-view.tsx';
import { PdfPages } from './content/pdf-pages.tsx';
import { useFileBytes } from './content/use-file-bytes.ts';

type Props = { content: ItemContent; contentHash: string };

export function ItemContentView({ content, contentHash }: Props) {
  if (content.type === 'text')
    return (
      <pre className="content-text" tabIndex={0} aria-label="Content">
        {content.text}
      </pre>
    );
  return (
    <div className="content-document">
      <div className="content-file">
        <span className="file-icon" aria-hidden="true" />
        <div className="content-file-name">
          <p className="cell-primary">{content.name}</p>
          <p className="cell-secondary">{formatBytes(content.size)}</p>
        </div>
        <a className="btn btn-secondary btn-sm" href={content.downloadUrl} download={content.name} aria-label={`Download ${content.name}`}>
          Download
        </a>
      </div>
      <InlineFile url={content.downloadUrl} name={content.name} size={content.size} contentHash={contentHash} />
    </div>
  );
}

function InlineFile({ url, name, size, contentHash }: { url: string; name: string; size: number; contentHash: string }) {
  const file = useFileBytes(url, size);
  if (file.state === 'too_large') return <p className="field-hint">This file is too large to show here: download it to read it.</p>;
  if (file.state === 'failed') return <p className="field-hint">The file could not be shown here ({file.error}). Download it to read it.</p>;
  if (file.state === 'loading') {
    return (
      <div className="content-loading" role="status">
        <progress max={size} value={file.received} aria-label={`Loading ${name}`} />
        <span className="field-hint">
          Loading {formatBytes(file.received)} of {formatBytes(size)}…
        </span>
      </div>
    );
  }
  if (file.sha256 !== contentHash) {
    return (
      <Alert tone="error" title="The file received is not this item's version">
        Its SHA-256 is {shortHash(file.sha256)}, the item records {shortHash(contentHash)}: it is not shown. Reload the page; if it happens again, tell an
        administrator.
      </Alert>
    );
  }
  const kind = fileKind(file.bytes, name);
  return (
    <>
      <p className="field-hint content-checked">
        Checked in your browser: SHA-256 <code title={file.sha256}>{shortHash(file.sha256)}</code> is this item's version.
      </p>
      {kind === 'pdf' ? <PdfPages bytes={file.bytes} name={name} /> : null}
      {kind === 'image' ? <ImageView bytes={file.bytes} name={name} /> : null}
      {kind === 'text' ? (
        <pre className="content-text" tabIndex={0} aria-label={name}>
          {new TextDecoder().decode(file.bytes)}
        </pre>
      ) : null}
      {kind === 'other' ? <p className="field-hint">This kind of file cannot be shown here: download it to read it.</p> : null}
    </>
  );
}
