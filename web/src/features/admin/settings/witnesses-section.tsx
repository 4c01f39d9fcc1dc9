// Audit witnesses (settings `audit.witnesses`): the addresses every signed audit checkpoint is
// emailed to, so a copy of the chain head lives outside the database. Its own small form and
// PATCH (only the `audit` part), confirmed with a second factor like the other settings.
import { useCallback, useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import { updateSettings } from '../../../api/two-factor-admin.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { TextArea } from '../../../ui/text-area.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';
import { useStepUp } from '../../security/step-up-dialog.tsx';

const MAX_WITNESSES = 10;

/** One address per line (commas work too); blank lines ignored, compared without case. */
const parseWitnesses = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '');

function validateWitnesses(list: readonly string[]): string | undefined {
  if (list.length > MAX_WITNESSES) return `Name at most ${MAX_WITNESSES} witnesses.`;
  const bad = list.find((a) => !/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/.test(a));
  if (bad) return `“${bad}” is not an email address.`;
  if (new Set(list).size !== list.length) return 'Each address once, please.';
  return undefined;
}

export function WitnessesSection({ initial }: { initial: readonly string[] }) {
  const [saved, setSaved] = useState<readonly string[]>(initial);
  const [text, setText] = useState(initial.join('\n'));
  const [notice, setNotice] = useState<string>();
  const stepUp = useStepUp({ description: 'Changing your organisation’s security settings needs a fresh confirmation with one of your second factors.' });
  const list = parseWitnesses(text);
  const dirty = list.join('\n') !== saved.join('\n');

  const validate = useCallback((): Record<string, string> => {
    const problem = validateWitnesses(list);
    return problem ? { 'audit.witnesses': problem } : {};
  }, [list]);
  const action = useCallback(async () => {
    const next = await stepUp.run((proof) => updateSettings({ audit: { witnesses: list } }, proof));
    if (!next) return;
    setSaved(next.audit.witnesses);
    setText(next.audit.witnesses.join('\n'));
    setNotice('Witnesses were saved.');
  }, [list, stepUp.run]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, () => text);

  return (
    <section className="panel settings-section" aria-labelledby="audit-witnesses">
      <div className="settings-section-head">
        <h2 id="audit-witnesses" className="section-title">
          Audit witnesses
        </h2>
        <p className="muted">
          Every signed checkpoint of the audit trail is emailed to these addresses, with the checkpoint attached. A copy kept outside this server shows whether
          the trail was rewritten later, even by someone who controls the database.
        </p>
      </div>
      <form className="form settings-form" onSubmit={onSubmit} noValidate>
        {error ? (
          <Alert tone="error" title="Witnesses were not saved">
            {describeError(error)}
          </Alert>
        ) : null}
        <TextArea
          label="Witness email addresses"
          hint={`One per line, up to ${MAX_WITNESSES}. An auditor, a compliance mailbox, someone outside your IT team.`}
          value={text}
          rows={4}
          onChange={(v) => {
            setText(v);
            setNotice(undefined);
          }}
          error={fieldErrors['audit.witnesses'] ?? fieldErrors['audit']}
        />
        <div className="form-actions settings-actions">
          <p className={notice ? 'form-status' : 'form-status form-status-muted'} role="status">
            {notice ?? (dirty ? 'You have unsaved changes.' : '')}
          </p>
          <Button type="submit" variant="primary" busy={busy}>
            Save witnesses
          </Button>
        </div>
      </form>
      {stepUp.dialog}
    </section>
  );
}
