// /items/:id: one item: where it stands in its workflow, its content and SHA-256, its history
// with 2FA and e-signature badges, the reviewer's decision, and the owner's guest invites.
import { useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { signatureReportUrl, evidenceUrl } from '../../api/items.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { itemQuery, queryKeys } from '../../api/queries.ts';
import type { DecisionResult, ItemView } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { isAdmin, useCurrentUser, useSession } from '../session/session-context.tsx';
import { WorkflowDiagram } from '../workflows/workflow-diagram.tsx';
import { CancelItemDialog } from './cancel-item-dialog.tsx';
import { ConversationPanel } from './comments/conversation-panel.tsx';
import { DecisionPanel } from './decision/decision-panel.tsx';
import { forgetReauthReturn, readReauthReturn } from './decision/sso-reauth.ts';
import { InvitesPanel } from './invites-panel.tsx';
import { ItemContentView } from './item-content-view.tsx';
import { ItemFacts } from './item-facts.tsx';
import { ItemHistory } from './item-history.tsx';
import { ItemVersions } from './item-versions.tsx';
import { ReviseItemDialog } from './revise-item-dialog.tsx';
import { VERIFIED_WITH } from './item-labels.ts';

function recordedNotice({ decision }: DecisionResult): string {
  const what = decision.decision === 'approve' ? 'Your approval was recorded.' : 'Your rejection was recorded.';
  const how = [
    decision.method ? `2FA verified with ${VERIFIED_WITH[decision.method]}.` : '',
    decision.signature ? `Signed as “${decision.signature.meaning}” by ${decision.signature.printedName}.` : '',
  ];
  return [what, ...how].filter(Boolean).join(' ');
}

export function ItemPage({ itemId }: { itemId: string }) {
  const user = useCurrentUser();
  const { rotated } = useSession();
  const loaded = useQuery(itemQuery(itemId));
  const item = loaded.data;
  const queryClient = useQueryClient();
  // A decision, a revision or a cancellation answers with the item as it now stands: show it,
  // and mark what it moved (its invites, its comments' version labels, the item lists, tasks) stale.
  const setItem = useCallback(
    (i: ItemView) => {
      queryClient.setQueryData(queryKeys.item(i.id), i);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invites(i.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.comments(i.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.itemLists });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
    },
    [queryClient],
  );
  const [notice, setNotice] = useState<{ title: string; text: string }>();
  const [cancelling, setCancelling] = useState(false);
  const [revising, setRevising] = useState(false);
  const [stale, setStale] = useState<unknown>();
  // Back from a sign-in at the identity provider for an e-signature: the proof (or the refusal)
  // is in the fragment, taken out of the address bar at once; the decision panel takes it over.
  const [reauth, setReauth] = useState(() => readReauthReturn(window.location.hash, itemId));
  useEffect(() => {
    if (reauth) forgetReauthReturn();
    // Once, on mount: the fragment is read in the initial state.
  }, []);
  const reauthTaken = useCallback(() => setReauth(undefined), []);

  const onDecided = useCallback(
    (result: DecisionResult) => {
      // The server rotates the session after a step-up or a signature (new cookie, new CSRF token).
      if (result.csrfToken) rotated(result.csrfToken);
      setItem(result.item);
      setStale(undefined);
      setNotice({ title: 'Decision recorded', text: recordedNotice(result) });
    },
    [rotated, setItem],
  );

  const onStale = useCallback(
    (error: unknown) => {
      setNotice(undefined);
      setStale(error);
      // Where the item now stands, and what moved with it.
      void queryClient.invalidateQueries({ queryKey: queryKeys.item(itemId), exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.invites(itemId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tasks });
    },
    [queryClient, itemId],
  );

  if (!item) {
    return (
      <div className="page">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to="/items">Items</Link>
        </nav>
        {loaded.error ? (
          isApiProblem(loaded.error) && (loaded.error.code === 'not_found' || loaded.error.code === 'invalid_request') ? (
            <Alert tone="error" title="No such item">
              There is no item at this address, or it is not yours to see. Check the link, or find it under Items.
            </Alert>
          ) : (
            <Alert tone="error" title="The item could not be loaded">
              {describeError(loaded.error)}
            </Alert>
          )
        ) : (
          <Loading label="Loading the item…" />
        )}
      </div>
    );
  }

  const owner = item.submitter.id === user.id || isAdmin(user);
  const hasGuests = item.steps.some((s) => s.reviewers.some((r) => r.kind === 'guest'));
  const signed = item.steps.some((s) => s.requireSignature) || item.history.some((h) => h.signature);
  const task = item.myTask;
  const deciding = task !== undefined && task !== null && item.status === 'in_review';

  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/items">Items</Link>
      </nav>
      <PageHeader
        title={item.title}
        description={item.description || undefined}
        actions={
          <>
            {signed ? (
              <a className="btn btn-secondary" href={signatureReportUrl(item.id)} target="_blank" rel="noopener">
                Signature report (PDF)
              </a>
            ) : null}
            <a className="btn btn-secondary" href={evidenceUrl(item.id)} download={`evidence-${item.id}.json`}>
              Evidence (JSON)
            </a>
            {item.canRevise ? <Button onClick={() => setRevising(true)}>Upload a new version</Button> : null}
            {item.canCancel ? <Button onClick={() => setCancelling(true)}>Cancel item</Button> : null}
          </>
        }
      />
      {notice ? (
        <Alert tone="success" title={notice.title}>
          {notice.text}
        </Alert>
      ) : null}
      {stale ? (
        <Alert tone="warning" title="Your decision was not recorded">
          {describeError(stale)} The page now shows where the item stands.
        </Alert>
      ) : null}
      <ItemFacts item={item} />

      <div className={deciding ? 'review-layout' : 'review-layout review-layout-single'}>
        <section className="section review-document" aria-labelledby="content-title">
          <h2 id="content-title" className="section-title">
            Content
          </h2>
          <ItemContentView content={item.content} contentHash={item.contentHash} />
        </section>
        {deciding ? (
          <div className="review-side">
            <DecisionPanel
              key={`${item.id}:${task.step}:${item.updatedAt}`}
              item={item}
              task={task}
              onDecided={onDecided}
              onStale={onStale}
              reauth={reauth}
              onReauthTaken={reauthTaken}
            />
          </div>
        ) : null}
      </div>

      <section className="section" aria-labelledby="progress-title">
        <h2 id="progress-title" className="section-title">
          Progress
        </h2>
        <div className="panel flow-panel">
          <WorkflowDiagram steps={item.steps} label={`Steps of ${item.workflow.name}`} outcome={item.status} />
        </div>
      </section>

      <ItemVersions item={item} />

      <section className="section" aria-labelledby="history-title">
        <h2 id="history-title" className="section-title">
          History
        </h2>
        <ItemHistory entries={item.history} revision={item.revision} />
      </section>

      <ConversationPanel itemId={item.id} />

      {owner && hasGuests ? <InvitesPanel item={item} /> : null}

      {item.canRevise ? (
        <ReviseItemDialog
          key={`${item.id}:${item.revision ?? 1}`}
          item={item}
          open={revising}
          onClose={() => setRevising(false)}
          onRevised={(i) => {
            setItem(i);
            setRevising(false);
            setNotice({ title: `Revision ${i.revision ?? ''} uploaded`, text: 'Review starts again: the reviewers were asked to decide on this version.' });
          }}
        />
      ) : null}
      <CancelItemDialog
        item={item}
        open={cancelling}
        onClose={() => setCancelling(false)}
        onCancelled={(i) => {
          setItem(i);
          setCancelling(false);
          setNotice({ title: 'Item cancelled', text: 'Nobody can decide on it any more; its history is kept.' });
        }}
      />
    </div>
  );
}
