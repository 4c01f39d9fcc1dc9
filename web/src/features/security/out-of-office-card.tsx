// The Out of office card of the Security page: name a colleague who may decide your review
// tasks on your behalf for a period (they use their own password and second factor, and the
// history says "B on behalf of you"), see whom you stand in for, and end it early.
import { useEffect, useState, type FormEvent } from 'react';
import { endMyDelegation, findDelegates, setMyDelegation, type DelegateCandidate } from '../../api/delegation.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { myDelegationQuery, queryKeys } from '../../api/queries.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { SelectField } from '../../ui/select-field.tsx';
import { TextArea } from '../../ui/text-area.tsx';
import { useFieldErrors } from '../../ui/use-field-errors.ts';
import { timeZones, utcToZoned, zonedToUtc } from './zoned-time.ts';

const DAY = 24 * 3_600_000;

export function OutOfOfficeCard() {
  const state = useQuery(myDelegationQuery);
  const queryClient = useQueryClient();
  // Tasks follow a delegation (the stand-in sees them), so both are stale after a change.
  const delegationChanged = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.myDelegation });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
  };
  const zones = useState(timeZones)[0];
  const [zone, setZone] = useState(zones.here);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<DelegateCandidate[]>([]);
  const [chosen, setChosen] = useState<DelegateCandidate>();
  const [from, setFrom] = useState(() => utcToZoned(Date.now(), zones.here));
  const [until, setUntil] = useState(() => utcToZoned(Date.now() + 7 * DAY, zones.here));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'save' | 'end'>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  // Searches colleagues as the name is typed (two characters at least).
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2 || chosen) {
      setMatches([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      findDelegates(q).then(
        (u) => {
          if (live) setMatches(u);
        },
        () => {
          if (live) setMatches([]);
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, chosen]);

  // Messages beside the fields, each gone once its field changes (use-field-errors.ts).
  const fields = useFieldErrors({ delegateUserId: chosen?.id ?? query, from, until });
  const fieldError = (field: 'delegateUserId' | 'from' | 'until') => fields.errors[field];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setNotice(undefined);
    if (!chosen) {
      fields.show({ delegateUserId: 'Choose the colleague who stands in for you.' });
      return;
    }
    const start = zonedToUtc(from, zone);
    const end = zonedToUtc(until, zone);
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      fields.show({
        ...(Number.isFinite(start) ? {} : { from: 'Give the date and time it starts.' }),
        ...(Number.isFinite(end) ? {} : { until: 'Give the date and time it ends.' }),
      });
      return;
    }
    const sent = fields.submitted();
    setBusy('save');
    fields.clear();
    try {
      const v = await setMyDelegation({
        delegateUserId: chosen.id,
        from: new Date(start).toISOString(),
        until: new Date(end).toISOString(),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      const when = v.active ? 'now' : `from ${formatDateTime(v.from)}`;
      setNotice(`${v.delegate.name} stands in for you ${when} until ${formatDateTime(v.until)}. They were emailed.`);
      setChosen(undefined);
      setQuery('');
      setNote('');
      delegationChanged();
    } catch (err) {
      const named = isApiProblem(err) ? err.fieldErrors() : {};
      fields.show(named, sent);
      // A refusal about the fields is said beside them; anything else above the form.
      if (!(isApiProblem(err) && err.code === 'invalid_request' && Object.keys(named).length)) setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const endNow = async () => {
    setBusy('end');
    setError(undefined);
    setNotice(undefined);
    try {
      await endMyDelegation();
      setNotice('Your delegation has ended: your tasks are yours alone again.');
      delegationChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const current = state.data?.delegation;
  const standingInFor = state.data?.standingInFor ?? [];
  return (
    <section className="panel security-card" aria-labelledby="out-of-office-title">
      <div className="security-card-head">
        <div>
          <h2 id="out-of-office-title" className="section-title">
            Out of office
          </h2>
          <p className="muted">
            While you are away, a colleague may decide your review tasks on your behalf, with their own password and second factor. The history records it as
            theirs, on your behalf, and you are emailed each decision.
          </p>
        </div>
      </div>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error ? (
        <Alert tone="error" title="That did not work">
          {describeError(error)}
        </Alert>
      ) : null}
      {state.error ? (
        <Alert tone="error" title="Your delegation could not be loaded">
          {describeError(state.error)}
        </Alert>
      ) : null}
      {standingInFor.length ? (
        <p className="delegation-summary">
          You stand in for {standingInFor.map((p) => p.name).join(', ')}: their tasks are in your task list, marked “on behalf of”.
        </p>
      ) : null}
      {current ? (
        <div className="delegation-current">
          <p className="delegation-summary">
            <Badge tone={current.active ? 'success' : 'neutral'}>{current.active ? 'Active' : 'Planned'}</Badge> <strong>{current.delegate.name}</strong>{' '}
            <span className="muted">({current.delegate.email})</span> stands in for you from <time dateTime={current.from}>{formatDateTime(current.from)}</time>{' '}
            until <time dateTime={current.until}>{formatDateTime(current.until)}</time>.
          </p>
          {current.note ? <blockquote className="history-comment">{current.note}</blockquote> : null}
          <div className="form-actions">
            <Button variant="danger" busy={busy === 'end'} onClick={() => void endNow()}>
              End now
            </Button>
          </div>
        </div>
      ) : null}
      <form
        className="form delegation-form"
        onSubmit={(e) => void save(e)}
        aria-label={current ? 'Replace your out-of-office period' : 'Your out-of-office period'}
      >
        {chosen ? (
          <div className="delegation-chosen">
            <span>
              <span className="cell-primary">{chosen.name}</span>
              <span className="cell-secondary">{chosen.email}</span>
            </span>
            <Button
              size="sm"
              onClick={() => {
                setChosen(undefined);
                setQuery('');
              }}
            >
              Change
            </Button>
            {fieldError('delegateUserId') ? <p className="field-error delegation-chosen-error">{fieldError('delegateUserId')}</p> : null}
          </div>
        ) : (
          <div>
            <TextField
              label="Delegate"
              type="search"
              value={query}
              onChange={setQuery}
              placeholder="Type a colleague's name"
              autoComplete="off"
              error={fieldError('delegateUserId')}
            />
            {query.trim().length >= 2 ? (
              matches.length ? (
                <ul className="picker-results" aria-label="Matching colleagues">
                  {matches.map((u) => (
                    <li key={u.id} className="picker-result">
                      <span>
                        <span className="cell-primary">{u.name}</span>
                        <span className="cell-secondary">{u.email}</span>
                      </span>
                      <Button
                        size="sm"
                        aria-label={`Choose ${u.name}`}
                        onClick={() => {
                          setChosen(u);
                          setMatches([]);
                        }}
                      >
                        Choose
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="field-hint">No colleague matches “{query.trim()}”.</p>
              )
            ) : null}
          </div>
        )}
        <div className="delegation-period">
          <TextField label="From" type="datetime-local" value={from} onChange={setFrom} error={fieldError('from')} required />
          <TextField label="Until" type="datetime-local" value={until} onChange={setUntil} error={fieldError('until')} required />
        </div>
        <SelectField
          label="Time zone"
          value={zone}
          onChange={setZone}
          options={zones.all.map((z) => ({ value: z, label: z === zones.here ? `${z} (this device)` : z }))}
        />
        <TextArea label="Note for your delegate" optional rows={2} value={note} onChange={setNote} maxLength={500} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy === 'save'}>
            {current ? 'Replace delegation' : 'Save delegation'}
          </Button>
        </div>
      </form>
    </section>
  );
}
