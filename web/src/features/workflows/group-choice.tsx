import { useState } from 'react';
import type { DirectoryGroup } from '../../api/directory.ts';
import { Button } from '../../ui/button.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import type { ReviewerDraft } from './workflow-draft.ts';

export function GroupChoice({ groups, onAdd }: { groups: readonly DirectoryGroup[]; onAdd: (r: ReviewerDraft) => void }) {
  const [groupId, setGroupId] = useState(groups[0]?.id ?? '');
  if (!groups.length) return <p className="field-hint">There are no groups yet. Create them under Administration → Groups.</p>;
  const group = groups.find((g) => g.id === groupId);
  return (
    <div className="reviewer-add-row">
      <SelectField label="Group" value={groupId} onChange={setGroupId} options={groups.map((g) => ({ value: g.id, label: g.name }))} />
      <Button onClick={() => group && onAdd({ reviewer: { group: group.id }, view: { kind: 'group', id: group.id, label: group.name } })}>Add group</Button>
    </div>
  );
}
