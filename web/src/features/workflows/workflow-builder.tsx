// The workflow builder: a name, ordered steps, and the live picture of the flow. Saving a new
// workflow creates version 1; saving an existing one creates the next version (items already
// running keep theirs).
import { useCallback, useState } from 'react';
import type { DirectoryGroup, DirectoryPerson } from '../../api/directory.ts';
import type { WorkflowCreated, WorkflowView } from '../../api/workflow-types.ts';
import { createWorkflow, updateWorkflow } from '../../api/workflows.ts';
import { describeError } from '../../api/problem.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { StepEditor } from './step-editor.tsx';
import { bodyOf, draftOf, emptyDraft, emptyStep, stepViewOf, validateDraft, type StepDraft, type WorkflowDraft } from './workflow-draft.ts';
import { WorkflowDiagram } from './workflow-diagram.tsx';

type Props = {
  workflow?: WorkflowView | undefined;
  users: readonly DirectoryPerson[] | undefined;
  groups: readonly DirectoryGroup[] | undefined;
  /** Whether the user may search people and groups (admins and owners: GET /directory). */
  canList: boolean;
  onSaved: (saved: WorkflowCreated) => void;
};

/** `steps.0.reviewers.1.user` → `steps.0.reviewers`: errors are shown per step field. */
function fieldKey(key: string): string {
  const parts = key.split('.');
  return parts[0] === 'steps' ? parts.slice(0, 3).join('.') : (parts[0] ?? key);
}

/** The draft field a message is about: API names differ from the draft's where it holds text as typed. */
const DRAFT_FIELDS: Record<string, (s: StepDraft) => unknown> = {
  name: (s) => s.name,
  reviewers: (s) => s.reviewers,
  threshold: (s) => [s.threshold, s.count],
  signatureMeanings: (s) => [s.requireSignature, s.meanings],
  dueInHours: (s) => s.dueInHours,
  escalateTo: (s) => [s.onOverdue, s.escalateTo],
};

/** The value a message (by its server or local key) is about, so fixing it hides the message; an unknown step field: the whole step. */
function draftValue(draft: WorkflowDraft, key: string): unknown {
  const parts = key.split('.');
  if (parts[0] !== 'steps') return parts[0] === 'name' ? draft.name : parts[0] === 'onRevision' ? draft.onRevision : draft;
  const step = draft.steps[Number(parts[1])];
  if (!step) return undefined;
  const field = DRAFT_FIELDS[parts[2] ?? ''];
  return field ? field(step) : step;
}

const SHOWN_FIELDS = /^(name|steps\.\d+\.(name|reviewers|threshold|signatureMeanings))$/;

export function WorkflowBuilder({ workflow, users, groups, canList, onSaved }: Props) {
  const [draft, setDraft] = useState<WorkflowDraft>(() => (workflow ? draftOf(workflow) : emptyDraft()));

  const save = useCallback(async () => {
    const body = bodyOf(draft);
    onSaved(workflow ? await updateWorkflow(workflow.id, body) : await createWorkflow(body));
  }, [draft, workflow, onSaved]);
  const validate = useCallback(() => validateDraft(draft), [draft]);
  const submit = useSubmit(save, validate, (key) => draftValue(draft, key));

  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(submit.fieldErrors)) errors[fieldKey(k)] ??= v;
  const unplaced = Object.entries(errors).filter(([k]) => !SHOWN_FIELDS.test(k));

  const setSteps = (f: (steps: StepDraft[]) => StepDraft[]) => setDraft((d) => ({ ...d, steps: f(d.steps) }));
  const patchStep = (i: number, patch: Partial<StepDraft>) => setSteps((steps) => steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) =>
    setSteps((steps) => {
      const next = [...steps];
      const [s] = next.splice(i, 1);
      next.splice(i + by, 0, s!);
      return next;
    });

  return (
    <form className="form builder" onSubmit={submit.onSubmit} noValidate>
      {submit.error ? (
        <Alert tone="error" title="The workflow was not saved">
          {describeError(submit.error)}
        </Alert>
      ) : null}
      {Object.keys(errors).length ? (
        <Alert tone="error" title="Check the highlighted fields">
          {unplaced.length ? (
            <ul className="plain-list">
              {unplaced.map(([k, v]) => (
                <li key={k}>
                  {k}: {v}
                </li>
              ))}
            </ul>
          ) : (
            'Some steps are not complete yet.'
          )}
        </Alert>
      ) : null}

      <div className="panel builder-name">
        <TextField
          label="Workflow name"
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name }))}
          error={errors['name']}
          maxLength={200}
          placeholder="Contract approval"
        />
      </div>

      <section className="section" aria-labelledby="builder-picture">
        <h2 id="builder-picture" className="section-title">
          Picture
        </h2>
        <div className="panel flow-panel">
          <WorkflowDiagram steps={draft.steps.map(stepViewOf)} />
        </div>
      </section>

      <section className="section" aria-labelledby="builder-steps">
        <h2 id="builder-steps" className="section-title">
          Steps
        </h2>
        <p className="muted">Steps run in order. An item moves on when a step has the approvals it needs.</p>
        <ol className="step-list">
          {draft.steps.map((s, i) => (
            <li key={s.key}>
              <StepEditor
                step={s}
                index={i}
                count={draft.steps.length}
                users={users}
                groups={groups}
                canList={canList}
                errors={errors}
                onChange={(patch) => patchStep(i, patch)}
                onMove={(by) => move(i, by)}
                onRemove={() => setSteps((steps) => steps.filter((_, j) => j !== i))}
              />
            </li>
          ))}
        </ol>
        {draft.steps.length < 20 ? (
          <div>
            <Button onClick={() => setSteps((steps) => [...steps, emptyStep()])}>Add step</Button>
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="builder-revisions">
        <h2 id="builder-revisions" className="section-title">
          New versions of an item
        </h2>
        <RadioGroup<WorkflowDraft['onRevision']>
          legend="When the submitter uploads a new version"
          name="on-revision"
          value={draft.onRevision}
          onChange={(onRevision) => setDraft((d) => ({ ...d, onRevision }))}
          options={[
            { value: 'restart', label: 'Start again at the first step', hint: 'Every step reviews the new version.' },
            {
              value: 'current_step',
              label: 'Stay at the step it was in',
              hint: 'For a rejected item, the step that rejected it. Earlier steps are not asked again.',
            },
          ]}
        />
      </section>

      <div className="form-actions builder-actions">
        {workflow ? (
          <span className="form-status form-status-muted">
            Saving creates version {workflow.version + 1}. Items already submitted keep version {workflow.version}.
          </span>
        ) : null}
        <Link to="/workflows" className="btn btn-secondary">
          Cancel
        </Link>
        <Button type="submit" variant="primary" busy={submit.busy}>
          {workflow ? 'Save new version' : 'Create workflow'}
        </Button>
      </div>
    </form>
  );
}
