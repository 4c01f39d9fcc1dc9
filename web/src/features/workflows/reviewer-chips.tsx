import type { ReviewerDraft } from './workflow-draft.ts';
import { REVIEWER_KIND_LABELS, shortLabel } from './workflow-labels.ts';

export function ReviewerChips({ reviewers, onRemove, label }: { reviewers: readonly ReviewerDraft[]; onRemove: (index: number) => void; label: string }) {
  if (!reviewers.length) return <p className="field-hint">No reviewers yet.</p>;
  return (
    <ul className="chip-list" aria-label={label}>
      {reviewers.map((r, i) => {
        const name = shortLabel(r.view);
        return (
          <li key={`${r.view.kind}-${r.view.id ?? r.view.role ?? r.view.email ?? i}`} className="chip">
            <span className="chip-text">
              {name}
              <span className="chip-secondary">
                {' '}
                {r.view.email && r.view.email !== name ? `${r.view.email} · ` : ''}
                {REVIEWER_KIND_LABELS[r.view.kind]}
              </span>
            </span>
            <button type="button" className="chip-remove" aria-label={`Remove ${name}`} onClick={() => onRemove(i)}>
              <span aria-hidden="true">×</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
