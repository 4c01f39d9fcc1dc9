// Kysely table types. Portable rules: text ids made by the app, integer booleans (0/1),
// epoch-ms timestamps (BIGINT), JSON as text. Id columns carry their brand (platform/ids.ts), so
// a row read gives typed ids and a query cannot compare a user id with a group id; the audit
// trail, the outbox and the checkpoints keep plain text (they record ids of any kind).

import type { Generated } from 'kysely';
import type { ChallengeId, FactorId, GroupId, InviteId, ItemId, OrgId, SessionId, UserId, WorkflowId } from '../ids.ts';

export type DB = {
  organizations: { id: OrgId; slug: string; name: string; settings: string; created_at: number };
  instance_setup: { id: number; org_id: OrgId; created_at: number };
  users: {
    id: UserId;
    org_id: OrgId;
    email: string;
    name: string;
    user_type: string;
    roles: string;
    password_hash: string | null;
    active: number;
    created_at: number;
    updated_at: number;
    security_stamp: Generated<string>;
  };
  groups: { id: GroupId; org_id: OrgId; name: string; created_at: number };
  group_members: { group_id: GroupId; user_id: UserId; org_id: OrgId };
  sessions: {
    id: SessionId;
    token_hash: string;
    org_id: OrgId;
    user_id: UserId;
    state: string;
    aal: number;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    revoked_at: number | null;
    ip: string | null;
    user_agent: string | null;
    /** Until when a factor or settings change needs no new second factor (null: never). */
    privileged_until: number | null;
    /** The sign-in this session descends from (migration 0023; null only on sessions ended before it). */
    lineage_id: string | null;
  };
  password_tokens: {
    id: string;
    token_hash: string;
    org_id: OrgId;
    user_id: UserId;
    purpose: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
  attempt_counters: { key: string; failures: number; next_allowed_at: number; updated_at: number };
  audit_heads: { org_id: string; seq: number; head_hash: string };
  audit_entries: {
    id: string;
    org_id: string;
    seq: number;
    at: number;
    type: string;
    actor_user_id: string | null;
    actor_label: string | null;
    target_type: string | null;
    target_id: string | null;
    data: string;
    ip: string | null;
    request_id: string | null;
    prev_hash: string;
    hash: string;
  };
  factors: {
    id: FactorId;
    org_id: OrgId;
    user_id: UserId;
    type: string;
    status: string;
    label: string;
    secret_sealed: string | null;
    email: string | null;
    credential_id: string | null;
    public_key: string | null;
    sign_count: number | null;
    transports: string | null;
    last_used_step: number | null;
    consecutive_failures: number;
    created_at: number;
    activated_at: number | null;
    last_used_at: number | null;
    disabled_at: number | null;
  };
  backup_codes: { id: string; factor_id: FactorId; org_id: OrgId; user_id: UserId; code_hash: string; created_at: number; used_at: number | null };
  challenges: {
    id: ChallengeId;
    org_id: OrgId;
    user_id: UserId;
    session_id: SessionId | null;
    purpose: string;
    binding: string;
    method: string;
    factor_id: FactorId | null;
    code_hash: string | null;
    webauthn_challenge: string | null;
    created_at: number;
    expires_at: number;
    consumed_at: number | null;
    webauthn_nonce: string | null;
  };
  trusted_devices: {
    id: string;
    org_id: OrgId;
    user_id: UserId;
    token_hash: string;
    label: string;
    created_at: number;
    expires_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
    security_stamp: Generated<string>;
  };
  enrollment_reminders: { user_id: UserId; period: string; org_id: OrgId; mode: string; sent_at: number };
  sso_flows: {
    state: string;
    org_id: OrgId;
    code_verifier: string;
    nonce: string;
    purpose: string;
    user_id: UserId | null;
    created_at: number;
    expires_at: number;
    consumed_at: number | null;
  };
  sso_identities: { org_id: OrgId; issuer: string; subject: string; user_id: UserId; created_at: number };
  /** `added_by`: the admin's user id, or 'policy' (ADDED_BY_POLICY) when a policy added the user. */
  two_factor_enrollments: { user_id: UserId; org_id: OrgId; added_by: string | null; added_at: number };
  two_factor_reset_requests: {
    id: string;
    org_id: OrgId;
    user_id: UserId;
    pending_user_id: UserId | null;
    requested_by: UserId;
    requested_at: number;
    expires_at: number;
    status: string;
    decided_by: UserId | null;
    decided_at: number | null;
  };
  workflows: { id: WorkflowId; org_id: OrgId; name: string; current_version: number; created_by: UserId; created_at: number; updated_at: number };
  workflow_versions: { workflow_id: WorkflowId; version: number; org_id: OrgId; name: string; definition: string; created_by: UserId; created_at: number };
  uploads: { id: string; org_id: OrgId; user_id: UserId; name: string; size: number; sha256: string; created_at: number; item_id: ItemId | null };
  items: {
    id: ItemId;
    org_id: OrgId;
    workflow_id: WorkflowId;
    workflow_version: number;
    title: string;
    description: string;
    content_text: string | null;
    upload_id: string | null;
    content_hash: string;
    submitter_id: UserId;
    status: string;
    current_step: number | null;
    round: number;
    created_at: number;
    updated_at: number;
    closed_at: number | null;
    /** 1 at submission, +1 per revision (0012). */
    revision: Generated<number>;
  };
  item_versions: {
    item_id: ItemId;
    revision: number;
    org_id: OrgId;
    content_text: string | null;
    upload_id: string | null;
    content_hash: string;
    note: string | null;
    created_by: UserId;
    created_at: number;
    first_round: number;
  };
  item_rounds: {
    item_id: ItemId;
    round: number;
    org_id: OrgId;
    step_index: number;
    reviewers: number;
    opened_at: number;
    closed_at: number | null;
    outcome: string | null;
    due_at: number | null;
    reminded_half_at: number | null;
    reminded_day_at: number | null;
    overdue_at: number | null;
  };
  guest_invites: {
    id: InviteId;
    org_id: OrgId;
    item_id: ItemId;
    round: number;
    step_index: number;
    email: string;
    name: string;
    token_hash: string;
    invited_by: UserId | null;
    created_at: number;
    expires_at: number;
    last_sent_at: number;
    revoked_at: number | null;
    decided_at: number | null;
  };
  guest_sessions: {
    id: string;
    org_id: OrgId;
    invite_id: InviteId;
    token_hash: string;
    created_at: number;
    expires_at: number;
    code_hash: string | null;
    code_expires_at: number | null;
    code_attempts: Generated<number>;
    verified_at: number | null;
  };
  tasks: {
    id: string;
    org_id: OrgId;
    item_id: ItemId;
    round: number;
    step_index: number;
    reviewer_key: string;
    user_id: UserId | null;
    invite_id: InviteId | null;
    open: number;
    assigned_at: number;
    overdue: Generated<number>;
    /** Copies of what the task list shows (migration 0018): the item's, fixed for its life, and the round's due date. */
    title: string;
    submitter_id: UserId;
    workflow_id: WorkflowId;
    workflow_version: number;
    due_at: number | null;
    /** The item's updated_at, moved with it (migration 0021): the item list walks a reader's tasks by it. */
    item_updated_at: number | null;
  };
  signatures: {
    id: string;
    org_id: OrgId;
    item_id: ItemId;
    user_id: UserId;
    printed_name: string;
    email: string;
    meaning: string;
    decision: string;
    step_index: number;
    round: number;
    content_hash: string;
    signed_at: number;
    record_mac: string;
    seal: string | null;
    seal_kid: string | null;
  };
  votes: {
    id: string;
    org_id: OrgId;
    item_id: ItemId;
    round: number;
    step_index: number;
    reviewer_key: string;
    user_id: UserId | null;
    invite_id: InviteId | null;
    decision: string;
    comment: string | null;
    method: string | null;
    factor_id: FactorId | null;
    signature_id: string | null;
    decided_at: number;
    content_hash: string | null;
    binding: string | null;
    passkey_evidence: string | null;
    seal: string | null;
    seal_kid: string | null;
    /** The user whose task a delegate decided (0014); null for one's own vote. */
    on_behalf_of: UserId | null;
  };
  item_events: {
    id: string;
    org_id: OrgId;
    item_id: ItemId;
    at: number;
    seq: number;
    action: string;
    actor_user_id: UserId | null;
    actor_invite_id: InviteId | null;
    actor_name: string | null;
    actor_email: string | null;
    step_index: number | null;
    decision: string | null;
    comment: string | null;
    method: string | null;
    signature_id: string | null;
    /** The item's revision when it happened (0012; set by appendItemEvent). */
    revision: number | null;
    on_behalf_of_user_id: UserId | null;
    on_behalf_of_name: string | null;
    on_behalf_of_email: string | null;
  };
  item_comments: {
    id: string;
    org_id: OrgId;
    item_id: ItemId;
    seq: number;
    revision: number;
    author_user_id: UserId | null;
    author_name: string;
    author_email: string;
    /** The guest's invite when a guest wrote it (then author_user_id is null; 0015). */
    author_invite_id: InviteId | null;
    text: string;
    mentions: string;
    at: number;
  };
  delegations: {
    user_id: UserId;
    org_id: OrgId;
    delegate_user_id: UserId;
    starts_at: number;
    ends_at: number;
    note: string | null;
    set_by: UserId;
    set_at: number;
    ended_at: number | null;
  };
  mail_outbox: {
    id: string;
    org_id: string | null;
    to_address: string;
    subject: string;
    template: string;
    status: string;
    attempts: number;
    next_attempt_at: number;
    claimed_by: string | null;
    claimed_until: number | null;
    transport: string | null;
    message_id: string;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
  };
  /**
   * A message's content, written once at enqueue (migration 0020: apart from the row delivery updates).
   * `credential_expires_at`: when the link or code it carries stops working, null when it carries
   * none; the body is deleted then (migration 0026), and over SMTP as soon as it was handed over.
   */
  mail_bodies: { mail_id: string; text_body: string; html_body: string; attachments: string | null; credential_expires_at: number | null };
  signing_keys: { generation: number; kid: string; public_jwk: string; created_at: number; retired_at: number | null };
  audit_checkpoints: { org_id: string; seq: number; organization: string; head_hash: string; at: number; kid: string; signature: string; cause: string };
};
