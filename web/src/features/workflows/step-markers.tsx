import { PenIcon, ShieldIcon } from '../../ui/icons.tsx';

/** The protection a step carries, as marks: a shield for 2FA, a pen for an e-signature. */
export function StepMarkers({ requireTwoFactor, requireSignature }: { requireTwoFactor: boolean; requireSignature: boolean }) {
  if (!requireTwoFactor && !requireSignature) return null;
  return (
    <span className="marker-row">
      {requireTwoFactor ? (
        <span className="marker marker-2fa" title="Approve and reject need a fresh second factor">
          <ShieldIcon />
          2FA
        </span>
      ) : null}
      {requireSignature ? (
        <span className="marker marker-sign" title="Approve and reject are signed electronically (password, second factor, meaning)">
          <PenIcon />
          e-signature
        </span>
      ) : null}
    </span>
  );
}
