// Authenticator app setup, step two of two: scan the QR code (or type the key), then prove it
// with a code. Step one (POST /me/factors/totp, maybe behind a step-up) is the caller's.
import { useCallback, useState } from 'react';
import { confirmTotp } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { Activated, TotpStart } from '../../api/types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { CodeField, codeDigits } from '../../ui/code-field.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { groupInFours } from './method-labels.ts';

/** The server's SVG as an image (CSP: img-src data:), never as markup in the page. */
function svgDataUrl(svg: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function TotpSetup({ start, onActivated, onCancel }: { start: TotpStart; onActivated: (r: Activated) => void; onCancel?: () => void }) {
  const [code, setCode] = useState('');
  const key = groupInFours(start.secret);

  const action = useCallback(async () => {
    try {
      onActivated(await confirmTotp(start.id, codeDigits(code)));
    } catch (e) {
      setCode('');
      throw e;
    }
  }, [start.id, code, onActivated]);
  const validate = useCallback(
    (): Record<string, string> => (/^\d{6}$/.test(codeDigits(code)) ? {} : { code: 'Enter the 6-digit code your app shows.' }),
    [code],
  );
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { code });
  const wrong = isApiProblem(error) && error.code === 'second_factor_invalid';

  return (
    <div className="totp-setup">
      <ol className="setup-steps">
        <li>
          <h3 className="setup-step-title">Scan this QR code with your authenticator app</h3>
          <p className="muted">
            Any app that supports time-based codes works, for example Google Authenticator, Microsoft Authenticator, 1Password or Authy. The entry will be
            called Signoff.
          </p>
          <div className="qr-row">
            <img className="qr" src={svgDataUrl(start.qrCodeSvg)} alt="QR code for your authenticator app" width={184} height={184} />
            <div className="manual-key">
              <p className="field-label" id="manual-key-label">
                Can't scan it? Enter this key
              </p>
              <code className="secret" aria-labelledby="manual-key-label" data-testid="totp-secret">
                {key}
              </code>
              <div className="button-row">
                <CopyButton text={start.secret} label="Copy key" />
              </div>
              <p className="field-hint">Choose "time-based" if your app asks.</p>
            </div>
          </div>
        </li>
        <li>
          <h3 className="setup-step-title">Enter the code the app shows</h3>
          <form className="form" onSubmit={onSubmit} noValidate>
            {wrong ? (
              <Alert tone="error" title="That code didn't match">
                Enter the newest code for Signoff. If it still fails, check that your phone sets its time automatically.
              </Alert>
            ) : error ? (
              <Alert tone="error" title="The app was not turned on">
                {describeError(error)}
              </Alert>
            ) : null}
            <CodeField label="6-digit code" value={code} onChange={setCode} error={fieldErrors['code']} />
            <div className="form-actions">
              {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
              <Button type="submit" variant="primary" busy={busy}>
                Verify and turn on
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
