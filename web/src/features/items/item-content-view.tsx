import type { ItemContent } from '../../api/workflow-types.ts';
import { formatBytes } from '../../ui/format.ts';

/** The content under review: text as written, or the file with a download link. */
export function ItemContentView({ content }: { content: ItemContent }) {
  if (content.type === 'text') return <pre className="content-text" tabIndex={0} aria-label="Content">{content.text}</pre>;
  return (
    <div className="content-file">
      <span className="file-icon" aria-hidden="true" />
      <div>
        <p className="cell-primary">{content.name}</p>
        <p className="cell-secondary">{formatBytes(content.size)}</p>
      </div>
      <a className="btn btn-secondary btn-sm" href={content.downloadUrl} download={content.name}>Download {content.name}</a>
    </div>
  );
}
