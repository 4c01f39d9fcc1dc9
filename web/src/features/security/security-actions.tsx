// What the Security page's cards share: a change to factors goes through step-up (`run`, a fresh
// proof from an existing factor), one button is busy at a time, the outcome shows in the page's
// alerts, and the backup codes dialog follows a first factor or a new set of codes. The page
// creates them (useSecurityPage) and its cards take them from the context (useSecurityActions).
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { isApiProblem } from '../../api/problem.ts';
import type { Activated, Proof } from '../../api/types.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { useCurrentUser, useSession } from '../session/session-context.tsx';
import { BackupCodesView } from './backup-codes-view.tsx';
import { useStepUp } from './step-up-dialog.tsx';
import { useFactorsChanged } from './use-my-factors.ts';

type Run = <T>(call: (proof?: Proof) => Promise<T>) => Promise<T | undefined>;

export type SecurityActions = {
  /** A factor change with step-up; undefined when the user cancelled, or when the account may not enroll (the page then says who manages 2FA). */
  run: Run;
  /** Runs a card's action: `key` marks its button busy, a failure shows in the page's error alert. */
  act: (key: string, work: () => Promise<void>) => Promise<void>;
  /** The key of the action under way. */
  busy: string | undefined;
  /** The page's success notice (undefined clears it). */
  notify: (notice: string | undefined) => void;
  /** A factor was set up (`what` names it in the notice): the session rotated, and a first factor comes with backup codes. */
  activated: (r: Activated, what: string) => void;
  showBackupCodes: (codes: string[]) => void;
};

const SecurityActionsContext = createContext<SecurityActions | undefined>(undefined);

export function SecurityActionsProvider({ actions, children }: { actions: SecurityActions; children: ReactNode }) {
  return <SecurityActionsContext value={actions}>{children}</SecurityActionsContext>;
}

export function useSecurityActions(): SecurityActions {
  const actions = useContext(SecurityActionsContext);
  if (!actions) throw new Error('useSecurityActions is for the cards of the Security page');
  return actions;
}

/** The page's side: the actions for its cards, what its alerts show, and the dialogs it renders last. */
export function useSecurityPage(): { actions: SecurityActions; notice: string | undefined; error: unknown; notEnabled: boolean; dialogs: ReactNode } {
  const me = useCurrentUser();
  // `reload`: the session's `enforcement.enrolled` changes with a first or last factor (the soft
  // enforcement prompt depends on it).
  const { rotated, reload: reloadSession } = useSession();
  const factorsChanged = useFactorsChanged();
  const stepUp = useStepUp();
  const [codes, setCodes] = useState<string[]>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notEnabled, setNotEnabled] = useState(false);
  const [busy, setBusy] = useState<string>();

  /** Step-up, plus the admin-controlled refusal turned into the informational page. */
  const run = useCallback(
    async <T,>(call: (proof?: Proof) => Promise<T>): Promise<T | undefined> => {
      try {
        return await stepUp.run(call);
      } catch (e) {
        if (isApiProblem(e) && e.code === 'two_factor_not_enabled_for_account') {
          setNotEnabled(true);
          return undefined;
        }
        throw e;
      }
    },
    [stepUp.run],
  );

  const act = useCallback(async (key: string, work: () => Promise<void>) => {
    setBusy(key);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }, []);

  const activated = useCallback(
    (r: Activated, what: string) => {
      rotated(r.csrfToken);
      factorsChanged();
      reloadSession();
      setNotice(`${what} was added. You will use it the next time you sign in.`);
      if (r.backupCodes?.length) setCodes(r.backupCodes);
    },
    [rotated, factorsChanged, reloadSession],
  );

  const actions: SecurityActions = { run, act, busy, notify: setNotice, activated, showBackupCodes: setCodes };
  const close = () => setCodes(undefined);
  const dialogs = (
    <>
      <Dialog open={!!codes} onClose={close} dismissible={false} title="Your backup codes">
        {codes ? <BackupCodesView codes={codes} who={me.email} onDone={close} /> : null}
      </Dialog>
      {stepUp.dialog}
    </>
  );
  return { actions, notice, error, notEnabled, dialogs };
}
