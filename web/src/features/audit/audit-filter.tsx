import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';

/** Filter by event type; the known types are offered as suggestions. */
export function AuditFilter({ type, knownTypes, onApply }: { type: string; knownTypes: string[]; onApply: (type: string) => void }) {
  const [value, setValue] = useState(type);
  const listId = useId();
  useEffect(() => setValue(type), [type]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(value.trim().toLowerCase());
  };

  return (
    <form className="toolbar" onSubmit={submit} role="search" aria-label="Filter audit entries">
      <TextField label="Event type" className="toolbar-search" value={value} onChange={setValue} list={listId} placeholder="All events, or e.g. login.failed" autoComplete="off" />
      <datalist id={listId}>
        {knownTypes.map((t) => <option key={t} value={t} />)}
      </datalist>
      <div className="toolbar-buttons">
        <Button type="submit">Filter</Button>
        {type ? <Button variant="ghost" onClick={() => onApply('')}>Show all</Button> : null}
      </div>
    </form>
  );
}
