import type { ReviewerDraft } from './workflow-draft.ts';
import { REVIEWER_KIND_LABELS } from './workflow-labels.ts';

export function ReviewerChips({ reviewers, onRemove, label }: { reviewers: readonly ReviewerDraft[]; onRemove: (index: number) => void; label: string }) {
  if (!reviewers.length) return <p className="field-hint">No reviewers yet.</p>;
  return (
    <ul className="chip-list" aria-label={label}>
      {reviewers.map((r, i) => (
        <li key={`${r.view.kind}-${r.view.id ?? r.view.role ?? r.view.email ?? i}`} className="chip">
          <span className="chip-text">
            {r.view.label}
            <span className="chip-secondary"> {r.view.kind === 'guest' && r.view.email && r.view.email !== r.view.label ? `${r.view.email} · ` : ''}{REVIEWER_KIND_LABELS[r.view.kind]}</span>
          </span>
          <button type="button" className="chip-remove" aria-label={`Remove ${r.view.label}`} onClick={() => onRemove(i)}>
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
