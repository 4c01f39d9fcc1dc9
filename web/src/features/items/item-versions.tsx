// Every content version of an item (issue 13 item 1): revision, who, when, the note saying
// what changed and its SHA-256, and for text versions a line diff between any two (jsdiff's
// diffLines), the older version on the left of the choice, removed lines marked − and added +.
import { diffLines } from 'diff';
import { useMemo, useState } from 'react';
import type { ItemView } from '../../api/workflow-types.ts';
import { formatDateTime, shortHash } from '../../ui/format.ts';
import { SelectField } from '../../ui/select-field.tsx';

type Version = NonNullable<ItemView['versions']>[number];

/** The lines of two texts, each marked as kept, removed or added. */
function lineDiff(from: string, to: string): { kind: 'same' | 'removed' | 'added'; text: string }[] {
  return diffLines(from, to).flatMap((part) => {
    const lines = part.value.replace(/\n$/, '').split('\n');
    const kind = part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const);
    return lines.map((text) => ({ kind, text }));
  });
}

const MARK = { same: ' ', removed: '−', added: '+' } as const;

function VersionDiff({ versions }: { versions: Version[] }) {
  const texts = versions.filter((v) => v.content.type === 'text');
  const [from, setFrom] = useState(String(texts.at(-2)?.revision ?? ''));
  const [to, setTo] = useState(String(texts.at(-1)?.revision ?? ''));
  const a = texts.find((v) => String(v.revision) === from);
  const b = texts.find((v) => String(v.revision) === to);
  const lines = useMemo(() => (a?.content.type === 'text' && b?.content.type === 'text' ? lineDiff(a.content.text, b.content.text) : []), [a, b]);
  if (texts.length < 2) return null;
  const options = texts.map((v) => ({ value: String(v.revision), label: `Revision ${v.revision}` }));
  const changed = lines.filter((l) => l.kind !== 'same').length;
  return (
    <div className="version-diff">
      <div className="version-diff-choice">
        <SelectField label="Compare" value={from} options={options} onChange={setFrom} name="diff-from" />
        <SelectField label="with" value={to} options={options} onChange={setTo} name="diff-to" />
      </div>
      <p className="field-hint" aria-live="polite">
        {changed === 0 ? 'No line differs.' : `${changed} line${changed === 1 ? '' : 's'} differ: − only in revision ${from}, + only in revision ${to}.`}
      </p>
      <pre className="diff-lines" aria-label={`Changes from revision ${from} to revision ${to}`}>
        {lines.map((l, i) => (
          <span key={i} className={`diff-line diff-${l.kind}`}>
            <span className="diff-mark" aria-hidden="true">
              {MARK[l.kind]}
            </span>
            {l.kind === 'same' ? null : <span className="visually-hidden">{l.kind === 'added' ? 'added: ' : 'removed: '}</span>}
            {l.text || ' '}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}

export function ItemVersions({ item }: { item: ItemView }) {
  const versions = item.versions ?? [];
  if (versions.length < 2) return null;
  return (
    <section className="section" aria-labelledby="versions-title">
      <h2 id="versions-title" className="section-title">
        Versions
      </h2>
      <ol className="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.revision} className="version-entry">
            <div className="version-head">
              <strong>Revision {v.revision}</strong>
              {v.revision === item.revision ? <span className="muted"> (current)</span> : <span className="muted"> (superseded)</span>}
              <span className="muted">
                {' '}
                · {v.by.name || v.by.email} · {formatDateTime(v.at)}
              </span>
            </div>
            {v.note ? <p className="version-note">{v.note}</p> : null}
            <p className="field-hint">
              SHA-256 <code title={v.contentHash}>{shortHash(v.contentHash)}</code>
              {' · '}
              <a
                href={v.content.type === 'file' ? v.content.downloadUrl : `/api/v1/items/${encodeURIComponent(item.id)}/versions/${v.revision}/content`}
                download
              >
                {v.content.type === 'file' ? `Download ${v.content.name}` : 'Download text'}
              </a>
            </p>
          </li>
        ))}
      </ol>
      <VersionDiff versions={versions} />
    </section>
  );
}
