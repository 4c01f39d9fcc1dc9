// Registering a passkey or security key: a name the user will recognise in the list, then the
// browser's own prompt (WebAuthn).
import { useCallback, useState } from 'react';
import { finishPasskey, startPasskey } from '../../api/factors.ts';
import { describeError } from '../../api/problem.ts';
import type { Activated, Proof } from '../../api/types.ts';
import { createPasskey, passkeysSupported } from '../../api/webauthn.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';

type Run = <T>(call: (proof?: Proof) => Promise<T>) => Promise<T | undefined>;

function suggestedName(): string {
  const ua = navigator.userAgent;
  const os = /iPhone|iPad/.test(ua)
    ? 'iPhone'
    : /Mac OS X/.test(ua)
      ? 'Mac'
      : /Android/.test(ua)
        ? 'Android phone'
        : /Windows/.test(ua)
          ? 'Windows PC'
          : /Linux/.test(ua)
            ? 'Linux computer'
            : 'This device';
  return `Passkey on ${os}`;
}

export function PasskeySetup({ run, onActivated, onCancel }: { run: Run; onActivated: (r: Activated) => void; onCancel?: () => void }) {
  const [label, setLabel] = useState(suggestedName);

  const action = useCallback(async () => {
    const started = await run((proof) => startPasskey(proof));
    if (!started) return;
    const credential = await createPasskey(started.options);
    onActivated(await finishPasskey({ challengeId: started.challengeId, credential, label: label.trim() }));
  }, [run, label, onActivated]);
  const validate = useCallback((): Record<string, string> => (label.trim() ? {} : { label: 'Give the passkey a name.' }), [label]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { label });

  if (!passkeysSupported()) {
    return (
      <Alert tone="warning" title="This browser cannot create passkeys">
        Use a current browser, or set up an authenticator app instead.
      </Alert>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error ? (
        <Alert tone="error" title="The passkey was not added">
          {describeError(error)}
        </Alert>
      ) : null}
      <TextField
        label="Name"
        name="passkey-name"
        value={label}
        onChange={setLabel}
        error={fieldErrors['label']}
        maxLength={60}
        hint="So you can tell your passkeys apart, for example “Work laptop” or “YubiKey”."
        autoFocus
      />
      <div className="form-actions">
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        <Button type="submit" variant="primary" busy={busy}>
          Create passkey
        </Button>
      </div>
    </form>
  );
}
