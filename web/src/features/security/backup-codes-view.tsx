// A new set of backup codes, shown once: copy, download as .txt, and an explicit "I have
// saved them" before the screen can be left (docs/guide.md §2).
import { useEffect, useState } from 'react';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';

/** "1234 5678": eight digits in two groups, as people read them out. */
const formatCode = (code: string) => (code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code);

function codesText(codes: string[], who: string | undefined): string {
  return [
    `Signoff backup codes${who ? ` for ${who}` : ''}`,
    `Generated ${new Date().toISOString().slice(0, 10)}. Each code works once. Keep them somewhere safe.`,
    '',
    ...codes.map(formatCode),
    '',
  ].join('\n');
}

export function BackupCodesView({
  codes,
  who,
  onDone,
  doneLabel = 'Done',
}: {
  codes: string[];
  who?: string | undefined;
  onDone: () => void;
  doneLabel?: string;
}) {
  const [saved, setSaved] = useState(false);
  const [href, setHref] = useState<string>();
  const text = codesText(codes, who);

  // A blob: URL, not a data: one, so the download is not limited by URL length; revoked on leave.
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);

  return (
    <div className="form backup-codes">
      <Alert tone="warning" title="Save these backup codes now">
        If you lose your phone or security key, each code lets you sign in once. They will not be shown again.
      </Alert>
      <ol className="code-grid" aria-label="Backup codes">
        {codes.map((c) => (
          <li key={c} className="mono">
            {formatCode(c)}
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton text={codes.map(formatCode).join('\n')} label="Copy codes" />
        <a className="btn btn-secondary btn-sm" href={href} download="signoff-backup-codes.txt">
          Download .txt
        </a>
      </div>
      <Checkbox label="I have saved these codes somewhere safe" checked={saved} onChange={setSaved} />
      <div className="form-actions">
        <Button variant="primary" disabled={!saved} onClick={onDone}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
}
