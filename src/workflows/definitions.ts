// Workflow definitions: ordered steps with reviewers, threshold, Require 2FA, Require
// e-signature (with its meanings) and what a rejection does. Every save writes a new,
// immutable version; an item keeps the version it started with (docs/guide.md §5).
import type { Actor, Contacts } from '../accounts/index.ts';
import {
  DEFAULT_SIGNATURE_MEANINGS,
  type OnOverdue,
  type OnRevision,
  type Reviewer,
  type StepBody,
  type StepView,
  type Threshold,
  type WorkflowBody,
  type WorkflowView,
} from './types.ts';
import { BoundedMap } from '../platform/bounded-map.ts';
import { iso } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import { newId, type OrgId, type UserId, type WorkflowId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import {
  advanceWorkflowVersion,
  findWorkflow,
  findWorkflowVersion,
  insertWorkflow,
  insertWorkflowVersion,
  listWorkflowsWithDefinitions,
} from './definitions.store.ts';
import type { WorkflowsDeps } from './deps.ts';
import { takesPartInWorkflow } from './items.store.ts';

export type StepDefinition = {
  name: string;
  reviewers: Reviewer[];
  threshold: Threshold;
  requireTwoFactor: boolean;
  requireSignature: boolean;
  signatureMeanings: string[];
  onReject: 'end' | 'previous';
  /** Absent in definitions saved before the option existed: off. */
  showCommentsToGuests?: boolean;
  /** Approvals need a comment too (rejections always do). Absent before issue 13: off. */
  requireReasonOnApprove?: boolean;
  /** Due dates (due-dates.ts): absent means no due date; onOverdue absent means notify. */
  dueInHours?: number;
  onOverdue?: OnOverdue;
  escalateTo?: Reviewer[];
};
/** `onRevision`: where a revised item starts again; absent in definitions saved before issue 13: restart. */
export type Definition = { name: string; version: number; steps: StepDefinition[]; onRevision?: OnRevision };

/** The steps of a stored definition (workflow_versions.definition). */
export const parseSteps = (json: string): StepDefinition[] => (JSON.parse(json) as { steps: StepDefinition[] }).steps;
const parseDefinition = (name: string, version: number, json: string): Definition => {
  const { onRevision } = JSON.parse(json) as { onRevision?: OnRevision };
  return { name, version, steps: parseSteps(json), ...(onRevision ? { onRevision } : {}) };
};
/** What a definition stores besides its name. */
const storedDefinition = (steps: StepDefinition[], body: WorkflowBody) => JSON.stringify({ steps, onRevision: body.onRevision ?? 'restart' });

const canEdit = (actor: Actor) => actor.roles.includes('admin') || actor.roles.includes('owner');

/** Parsed versions kept per instance (oldest dropped first past the limit). */
const LOADED_MAX = 1000;

/** Frozen, so no caller can change a kept definition for the next one. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function createDefinitions(deps: WorkflowsDeps) {
  const { db, clock, audit, accounts } = deps;
  const loaded = new BoundedMap<string, Definition>(LOADED_MAX);

  /**
   * The definition an item runs on (its own version, org-scoped). A stored version never
   * changes (Signoff only inserts them), so what was read outside a transaction (committed) is kept:
   * the task list and every decision read the same few versions again and again.
   */
  async function load(ex: Executor, orgId: OrgId, id: WorkflowId, version: number): Promise<Definition | undefined> {
    const key = `${orgId}/${id}/${version}`;
    const kept = loaded.get(key);
    if (kept) return kept;
    const v = await findWorkflowVersion(ex, orgId, id, version);
    if (!v) return undefined;
    const definition = deepFreeze(parseDefinition(v.name, v.version, v.definition));
    if (!ex.isTransaction) loaded.set(key, definition);
    return definition;
  }

  /** Checks the body against the organisation (reviewers exist here) and fills the defaults. */
  async function normalise(orgId: OrgId, body: WorkflowBody): Promise<StepDefinition[]> {
    const steps: StepDefinition[] = [];
    for (const [i, s] of body.steps.entries()) {
      const at = (detail: string, pointer = `#/steps/${i}`) => new Problem('invalid_request', { detail, extensions: { errors: [{ pointer, detail }] } });
      for (const [j, r] of s.reviewers.entries()) {
        if ('user' in r && !(await accounts.findMember(db, orgId, r.user))) throw at(`No user ${r.user} in this organisation`, `#/steps/${i}/reviewers/${j}`);
        if ('group' in r && !(await accounts.findGroupName(db, orgId, r.group)))
          throw at(`No group ${r.group} in this organisation`, `#/steps/${i}/reviewers/${j}`);
      }
      const due = checkDueDate(s, i);
      if (due) throw at(due.detail, due.pointer);
      for (const [j, r] of (s.escalateTo ?? []).entries()) {
        const pointer = `#/steps/${i}/escalateTo/${j}`;
        if ('user' in r && !(await accounts.findMember(db, orgId, r.user))) throw at(`No user ${r.user} in this organisation`, pointer);
        if ('group' in r && !(await accounts.findGroupName(db, orgId, r.group))) throw at(`No group ${r.group} in this organisation`, pointer);
      }
      const guests = s.reviewers.filter((r) => 'guest' in r).length;
      if (s.requireSignature && guests > 0)
        throw at('Guests cannot sign electronically (they have no password here): remove them or the e-signature requirement');
      if (s.onReject === 'previous' && i === 0) throw at('The first step has no previous step to send a rejection back to', `#/steps/${i}/onReject`);
      const onlyPeople = s.reviewers.every((r) => 'user' in r || 'guest' in r);
      if (s.threshold.type === 'count' && onlyPeople && s.threshold.n > new Set(s.reviewers.map(reviewerKeyOf)).size) {
        throw at(`At least ${s.threshold.n} approvals cannot be reached with ${s.reviewers.length} reviewers`, `#/steps/${i}/threshold`);
      }
      steps.push({
        name: s.name,
        reviewers: dedupe(s.reviewers),
        threshold: s.threshold,
        requireTwoFactor: s.requireTwoFactor,
        requireSignature: s.requireSignature,
        signatureMeanings: s.requireSignature ? [...new Set(s.signatureMeanings ?? DEFAULT_SIGNATURE_MEANINGS)] : [],
        onReject: s.onReject,
        showCommentsToGuests: s.showCommentsToGuests ?? false,
        requireReasonOnApprove: s.requireReasonOnApprove ?? false,
        ...dueDateOf(s),
      });
    }
    return steps;
  }

  async function view(orgId: OrgId, id: WorkflowId, version: number, created: number, updated: number): Promise<WorkflowView> {
    const v = await findWorkflowVersion(db, orgId, id, version);
    if (!v) throw new Problem('not_found', { detail: `No version ${version} of workflow ${id}` });
    const def = parseDefinition(v.name, v.version, v.definition);
    return {
      id,
      name: def.name,
      version: def.version,
      steps: await viewSteps(db, orgId, def.steps),
      onRevision: def.onRevision ?? 'restart',
      createdAt: iso(created),
      updatedAt: iso(updated),
    };
  }

  /** `contacts`: the reviewers' names and addresses when the caller read them already (reviewerUserIds). */
  async function viewSteps(ex: Executor, orgId: OrgId, steps: StepDefinition[], contacts?: Contacts): Promise<StepView[]> {
    const people = contacts ?? (await accounts.findContacts(ex, orgId, reviewerUserIds(steps)));
    const out: StepView[] = [];
    for (const [index, s] of steps.entries()) {
      const reviewers = await viewReviewers(ex, orgId, s.reviewers, people);
      out.push({
        index,
        name: s.name,
        reviewers,
        threshold: s.threshold,
        requireTwoFactor: s.requireTwoFactor,
        requireSignature: s.requireSignature,
        signatureMeanings: s.signatureMeanings,
        onReject: s.onReject,
        showCommentsToGuests: s.showCommentsToGuests ?? false,
        requireReasonOnApprove: s.requireReasonOnApprove ?? false,
        ...(s.dueInHours ? { dueInHours: s.dueInHours } : {}),
        onOverdue: s.onOverdue ?? 'notify',
        ...(s.escalateTo ? { escalateTo: await viewReviewers(ex, orgId, s.escalateTo, people) } : {}),
      });
    }
    return out;
  }

  async function viewReviewers(ex: Executor, orgId: OrgId, list: Reviewer[], people: Contacts): Promise<StepView['reviewers']> {
    const reviewers = [];
    for (const r of list) {
      if ('user' in r) {
        const c = people.get(r.user);
        reviewers.push({ kind: 'user' as const, id: r.user, email: c?.email, label: c ? `${c.name} <${c.email}>` : r.user });
      } else if ('group' in r) reviewers.push({ kind: 'group' as const, id: r.group, label: (await accounts.findGroupName(ex, orgId, r.group)) ?? r.group });
      else if ('role' in r) reviewers.push({ kind: 'role' as const, role: r.role, label: `role: ${r.role}` });
      else reviewers.push({ kind: 'guest' as const, email: r.guest.email, label: r.guest.name ?? r.guest.email });
    }
    return reviewers.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as StepView['reviewers'][number]);
  }

  return {
    viewSteps,

    async create(actor: Actor, body: WorkflowBody, meta: { ip: string; requestId?: string | undefined }) {
      if (!canEdit(actor)) throw new Problem('forbidden', { detail: 'Only admins and owners define workflows' });
      const steps = await normalise(actor.orgId, body);
      const id = newId<WorkflowId>('wfl');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await insertWorkflow(tx, { id, org_id: actor.orgId, name: body.name, current_version: 1, created_by: actor.userId, created_at: now, updated_at: now });
        await insertWorkflowVersion(tx, {
          workflow_id: id,
          version: 1,
          org_id: actor.orgId,
          name: body.name,
          definition: storedDefinition(steps, body),
          created_by: actor.userId,
          created_at: now,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'workflow.created',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'workflow', id },
          data: { workflowId: id, version: 1, name: body.name, steps, onRevision: body.onRevision ?? 'restart' },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
      return { id, version: 1 };
    },

    async update(actor: Actor, id: WorkflowId, body: WorkflowBody, meta: { ip: string; requestId?: string | undefined }) {
      if (!canEdit(actor)) throw new Problem('forbidden', { detail: 'Only admins and owners define workflows' });
      const wf = await findWorkflow(db, actor.orgId, id);
      if (!wf) throw new Problem('not_found', { detail: `No workflow ${id}` });
      const steps = await normalise(actor.orgId, body);
      const before = await findWorkflowVersion(db, actor.orgId, id, wf.current_version);
      const version = wf.current_version + 1;
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await advanceWorkflowVersion(tx, actor.orgId, id, version, body.name, now)))
          throw new Problem('edit_conflict', { detail: 'Someone else saved this workflow meanwhile: reload and try again' });
        await insertWorkflowVersion(tx, {
          workflow_id: id,
          version,
          org_id: actor.orgId,
          name: body.name,
          definition: storedDefinition(steps, body),
          created_by: actor.userId,
          created_at: now,
        });
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'workflow.updated',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'workflow', id },
          data: {
            workflowId: id,
            version,
            old: before ? { name: before.name, ...JSON.parse(before.definition) } : null,
            new: { name: body.name, steps, onRevision: body.onRevision ?? 'restart' },
          },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
      return { id, version };
    },

    /**
     * Admins and owners (who design workflows) see every definition in full. Anyone else sees
     * only the definitions of workflows they take part in (an item they submitted or have a
     * task on), and without the reviewers' email addresses: names, groups and roles only, a
     * guest as "Guest reviewer". Others get 404, as for a workflow that does not exist.
     */
    async get(actor: Actor, id: WorkflowId, version?: number): Promise<WorkflowView> {
      const wf = await findWorkflow(db, actor.orgId, id);
      const full = canEdit(actor);
      if (!wf || (!full && !(await takesPartInWorkflow(db, actor.orgId, id, actor.userId)))) throw new Problem('not_found', { detail: `No workflow ${id}` });
      const shown = await view(actor.orgId, id, version ?? wf.current_version, wf.created_at, wf.updated_at);
      return full ? shown : { ...shown, steps: shown.steps.map(withoutEmails) };
    },

    async list(actor: Actor) {
      const rows = await listWorkflowsWithDefinitions(db, actor.orgId);
      return rows.map((r) => {
        const steps = parseSteps(r.definition);
        return {
          id: r.id,
          name: r.name,
          version: r.current_version,
          steps: steps.length,
          protectedSteps: steps.filter((s) => s.requireTwoFactor).length,
          signatureSteps: steps.filter((s) => s.requireSignature).length,
          updatedAt: iso(Number(r.updated_at)),
        };
      });
    },

    load,
    findCurrent: (ex: Executor, orgId: OrgId, id: WorkflowId) => findWorkflow(ex, orgId, id),

    /**
     * The definitions a page of rows runs on, each distinct version loaded once; the answer
     * looks one up without waiting (a page of 50 tasks shares a handful of versions: awaiting
     * a load per row cost a promise and a turn of the event loop each). A row naming a version
     * that does not exist is a broken database, not a request to answer: it throws.
     */
    async loadPage(ex: Executor, orgId: OrgId, refs: Iterable<{ id: WorkflowId; version: number }>): Promise<(id: WorkflowId, version: number) => Definition> {
      const page = new Map<string, Definition | undefined>();
      for (const { id, version } of refs) {
        const key = `${id}/${version}`;
        if (!page.has(key)) page.set(key, await load(ex, orgId, id, version));
      }
      return (id, version) => {
        const def = page.get(`${id}/${version}`);
        if (!def) throw new Error(`no version ${version} of workflow ${id}`);
        return def;
      };
    },
  };
}

export type Definitions = ReturnType<typeof createDefinitions>;

/** A step as a non-designer sees it: no reviewer's email address. */
function withoutEmails(step: StepView): StepView {
  const hide = (list: StepView['reviewers']) =>
    list.map(({ email: _email, ...r }) => {
      if (r.kind === 'guest') return { kind: r.kind, label: 'Guest reviewer' };
      if (r.kind === 'user') return { ...r, label: r.label.replace(/\s*<[^>]*>$/, '') };
      return r;
    });
  return { ...step, reviewers: hide(step.reviewers), ...(step.escalateTo ? { escalateTo: hide(step.escalateTo) } : {}) };
}

/** The users a definition's steps name, as reviewers or to escalate to. */
export function reviewerUserIds(steps: readonly StepDefinition[]): UserId[] {
  return steps.flatMap((s) => [...s.reviewers, ...(s.escalateTo ?? [])].flatMap((r) => ('user' in r ? [r.user] : [])));
}

function reviewerKeyOf(r: Reviewer): string {
  if ('user' in r) return `user:${r.user}`;
  if ('group' in r) return `group:${r.group}`;
  if ('role' in r) return `role:${r.role}`;
  return `guest:${r.guest.email.toLowerCase()}`;
}

const dedupe = (reviewers: Reviewer[]) => [...new Map(reviewers.map((r) => [reviewerKeyOf(r), r])).values()];

/**
 * The due-date options must make sense together: escalation needs someone to escalate to,
 * escalation reviewers mean nothing without escalation, an overdue action needs a due time,
 * and guests cannot join an e-signature step by escalation either.
 */
function checkDueDate(s: StepBody, i: number): { detail: string; pointer: string } | undefined {
  const onOverdue = s.onOverdue ?? 'notify';
  const escalateTo = `#/steps/${i}/escalateTo`;
  const dueInHours = `#/steps/${i}/dueInHours`;
  if (onOverdue !== 'notify' && !s.dueInHours) return { detail: `"${onOverdue}" when overdue needs a due time (dueInHours)`, pointer: dueInHours };
  if (onOverdue === 'escalate' && !s.escalateTo?.length) return { detail: 'Escalation needs someone to escalate to (escalateTo)', pointer: escalateTo };
  if (onOverdue !== 'escalate' && s.escalateTo?.length) return { detail: 'escalateTo is only used when onOverdue is "escalate"', pointer: escalateTo };
  if (s.requireSignature && s.escalateTo?.some((r) => 'guest' in r)) {
    return { detail: 'Guests cannot sign electronically: remove them from escalateTo or the e-signature requirement', pointer: escalateTo };
  }
  return undefined;
}

/** The stored due-date options of a step (nothing when it has none, so older definitions read the same). */
function dueDateOf(s: StepBody): Pick<StepDefinition, 'dueInHours' | 'onOverdue' | 'escalateTo'> {
  if (!s.dueInHours) return {};
  const escalateTo = s.onOverdue === 'escalate' && s.escalateTo ? { escalateTo: dedupe(s.escalateTo) } : {};
  return { dueInHours: s.dueInHours, onOverdue: s.onOverdue ?? 'notify', ...escalateTo };
}
