import { useState } from 'react';
import type { Role } from '../../api/types.ts';
import { Button } from '../../ui/button.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { roleReviewer, type ReviewerDraft } from './workflow-draft.ts';
import { ROLE_NAMES } from './workflow-labels.ts';

export function RoleChoice({ onAdd }: { onAdd: (r: ReviewerDraft) => void }) {
  const [role, setRole] = useState<Role>('reviewer');
  return (
    <div className="reviewer-add-row">
      <SelectField
        label="Role"
        value={role}
        onChange={(v) => setRole(v as Role)}
        options={(['reviewer', 'owner', 'admin'] as const).map((r) => ({ value: r, label: ROLE_NAMES[r] ?? r }))}
      />
      <Button onClick={() => onAdd(roleReviewer(role))}>Add role</Button>
    </div>
  );
}
