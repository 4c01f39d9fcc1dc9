import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { FAMILY_CHOICES, dayOf, hasFilters, startOfLocalDay, withoutCursor, zoneLabel, type AuditQuery } from './audit-query.ts';

type Draft = { q: string; actor: string; item: string; fromDay: string; toDay: string };

const draftOf = (q: AuditQuery): Draft => ({
  q: q.q || q.type,
  actor: q.actor,
  item: q.item,
  fromDay: q.from ? dayOf(q.from) : '',
  toDay: q.to ? dayOf(q.to, 1) : '',
});

/**
 * The audit page's filters: what happened (family words: "login" finds sign-ins), who, which
 * item, and a range of days in a stated time zone. Applying them starts at the newest entries.
 */
export function AuditFilter({ query, families, onApply }: { query: AuditQuery; families: readonly string[]; onApply: (q: AuditQuery) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(query));
  const [dateError, setDateError] = useState<string>();
  const listId = useId();
  const key = JSON.stringify(withoutCursor(query));
  useEffect(() => {
    setDraft(draftOf(query));
    setDateError(undefined);
  }, [key]);

  const set = (k: keyof Draft) => (v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (k === 'fromDay' || k === 'toDay') setDateError(undefined);
  };

  const apply = (d: Draft) => {
    if (d.fromDay && d.toDay && d.toDay < d.fromDay) {
      setDateError('The last day comes before the first one');
      return;
    }
    const sameZone = (day: string, iso: string, minus: number) => (iso && dayOf(iso, minus) === day ? iso : undefined);
    onApply({
      q: d.q.trim(),
      actor: d.actor.trim(),
      item: d.item.trim(),
      type: '',
      // A day kept as it was keeps the link's offset; a day typed here is read in this browser's zone.
      from: d.fromDay ? (sameZone(d.fromDay, query.from, 0) ?? startOfLocalDay(d.fromDay)) : '',
      to: d.toDay ? (sameZone(d.toDay, query.to, 1) ?? startOfLocalDay(d.toDay, 1)) : '',
      before: '',
      after: '',
      limit: query.limit,
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const pick = (word: string) => {
    const d = { ...draft, q: word };
    setDraft(d);
    apply(d);
  };

  return (
    <form className="panel audit-filters" onSubmit={submit} role="search" aria-label="Filter audit entries">
      <div className="audit-filter-grid">
        <TextField
          label="What happened"
          value={draft.q}
          onChange={set('q')}
          list={listId}
          autoComplete="off"
          placeholder="e.g. login, 2fa, approval"
          hint="Words like login, passkey, signature, password, settings, guest"
        />
        <datalist id={listId}>
          {FAMILY_CHOICES.map((f) => (
            <option key={f.key} value={f.word}>
              {f.label}
            </option>
          ))}
        </datalist>
        <TextField label="Who" value={draft.actor} onChange={set('actor')} autoComplete="off" placeholder="Name, email or user id" />
        <TextField label="Item" value={draft.item} onChange={set('item')} autoComplete="off" placeholder="Title or item id" />
        <fieldset className="audit-dates">
          <legend>
            Days <span className="muted">({zoneLabel(query)})</span>
          </legend>
          <TextField label="From" type="date" value={draft.fromDay} onChange={set('fromDay')} />
          <TextField label="To" type="date" value={draft.toDay} onChange={set('toDay')} error={dateError} />
        </fieldset>
      </div>
      <div className="audit-families" role="group" aria-label="Event families">
        {FAMILY_CHOICES.map((f) => (
          <button
            key={f.key}
            type="button"
            className="chip audit-family"
            aria-pressed={families.includes(f.key)}
            onClick={() => pick(families.includes(f.key) ? '' : f.word)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div className="toolbar-buttons">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        {hasFilters(query) ? (
          <Button
            variant="ghost"
            onClick={() => onApply({ q: '', actor: '', item: '', type: '', from: '', to: '', before: '', after: '', limit: query.limit })}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
