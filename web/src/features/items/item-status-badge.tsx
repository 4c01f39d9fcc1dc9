import type { ItemStatus } from '../../api/workflow-types.ts';
import { Badge } from '../../ui/badge.tsx';
import { ITEM_STATUS } from './item-labels.ts';

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const s = ITEM_STATUS[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
