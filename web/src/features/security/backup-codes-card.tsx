// The Backup codes card: how many are left, and a new set (with step-up) that voids the old one.
import { regenerateBackupCodes } from '../../api/factors.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { backupCodesTone, isEnrolled } from './my-factors.ts';
import { useSecurityActions } from './security-actions.tsx';
import { SecurityCard } from './security-card.tsx';
import { useFactorsChanged, useMyFactors } from './use-my-factors.ts';

export function BackupCodesCard() {
  const data = useMyFactors();
  const factorsChanged = useFactorsChanged();
  const { run, act, busy, showBackupCodes } = useSecurityActions();
  if (!data) return null;
  const enrolled = isEnrolled(data.factors);
  const remaining = data.backupCodesRemaining;

  const newCodes = () =>
    act('codes', async () => {
      const r = await run((proof) => regenerateBackupCodes(proof));
      if (r) {
        factorsChanged();
        showBackupCodes(r.codes);
      }
    });

  return (
    <SecurityCard
      id="backup-codes"
      title="Backup codes"
      text="Ten single-use codes for when your phone or key is not at hand. Generating new ones voids the old set."
      action={
        enrolled ? (
          <Button busy={busy === 'codes'} onClick={newCodes}>
            Generate new codes
          </Button>
        ) : undefined
      }
    >
      <p className="card-detail">
        {!enrolled ? (
          'You receive backup codes with your first second factor.'
        ) : remaining === 0 ? (
          <>
            <Badge tone={backupCodesTone(remaining)}>None left</Badge> Generate new codes now.
          </>
        ) : (
          <>
            <Badge tone={backupCodesTone(remaining)}>{remaining} of 10 left</Badge>
          </>
        )}
      </p>
    </SecurityCard>
  );
}
