// One class, one catalogue. Domain code throws `new Problem('already_set_up')`; the status and
// title come from PROBLEMS, never from the throw site. Codes are stable: add, never rename.
// test/contract/problems.test.ts keeps this catalogue, API.md, docs/api-reference.md and the OpenAPI in sync.

export const PROBLEMS = {
  // --- request shape
  invalid_request: { status: 400, title: 'The request is not valid' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body must be JSON' },
  not_found: { status: 404, title: 'Not found' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  service_unavailable: { status: 503, title: 'The service is not ready' },
  insufficient_storage: { status: 507, title: 'The server has no room to store this' },
  unknown_event_family: { status: 400, title: 'No event family matches these words' },

  // --- setup and login
  already_set_up: { status: 409, title: 'Signoff is already set up' },
  invalid_credentials: { status: 401, title: 'The email or password is not correct' },
  organization_required: { status: 400, title: 'Several organisations use this email: name the organisation' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  csrf_token_invalid: { status: 403, title: 'The CSRF token is missing or wrong' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  too_many_attempts: { status: 429, title: 'Too many attempts: wait before trying again' },
  reset_token_invalid: { status: 400, title: 'This link is not valid any more' },
  password_too_weak: { status: 422, title: 'This password is not accepted' },

  upload_quota_exceeded: { status: 409, title: 'Too many files uploaded and not yet attached to an item' },

  // --- administration
  email_taken: { status: 409, title: 'A user with this email already exists in the organisation' },
  invitation_not_pending: { status: 409, title: 'This user is not waiting for an invitation (already accepted, or deactivated)' },
  group_name_taken: { status: 409, title: 'A group with this name already exists' },
  cannot_change_own_admin: { status: 409, title: 'You cannot remove your own admin role or deactivate yourself' },
  second_admin_required: {
    status: 409,
    title: 'Resetting the second factors of a user who can e-sign needs a second admin: the user recovers through their own email',
  },
  reset_request_closed: { status: 409, title: 'This reset request was already decided or has expired' },
  own_reset_request: { status: 403, title: 'A reset request must be approved by another admin than the one who made it' },

  // --- second factors and enforcement (API.md; the flows arrive with the second-factor issues)
  second_factor_required: { status: 403, title: 'A second factor is required' },
  second_factor_invalid: { status: 403, title: 'The code is not valid' },
  second_factor_not_enrolled: { status: 403, title: 'You have no second factor: contact an administrator' },
  two_factor_not_enabled_for_account: { status: 403, title: 'Two-factor authentication is not enabled for your account' },
  two_factor_enrollment_required: { status: 403, title: 'Set up two-factor authentication first' },
  two_factor_required_by_policy: { status: 409, title: 'Your organisation requires two-factor authentication: keep at least one factor' },
  two_factor_enforcement_locked: { status: 409, title: 'Two-factor enforcement cannot be turned off while a financial integration is connected' },

  // --- workflows and items
  edit_conflict: { status: 409, title: 'Someone else changed this meanwhile: reload and try again' },
  no_reviewers: { status: 422, title: 'A step of this workflow has nobody who can review it' },
  item_closed: { status: 409, title: 'This item is no longer in review' },
  item_revised: { status: 409, title: 'This item has a newer version: read it before deciding' },

  // --- decisions and signatures (API.md "Workflows and decisions")
  not_a_reviewer: { status: 403, title: 'You are not a reviewer of this step' },
  already_decided: { status: 409, title: 'You have already decided on this step' },
  step_closed: { status: 409, title: 'This step is closed' },
  not_a_delegate: { status: 403, title: 'You are not the running delegate of this person' },
  delegate_unavailable: { status: 409, title: 'This person is away themself during that period' },
  signature_required: { status: 403, title: 'This step requires an electronic signature' },
  signature_invalid: { status: 403, title: 'The signature could not be verified' },

  // --- guests (API.md "Guests")
  guest_code_invalid: { status: 403, title: 'The code is not valid' },
  invite_expired: { status: 410, title: 'This invitation has expired' },
  invite_revoked: { status: 410, title: 'This invitation was revoked' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export class Problem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  /** Seconds, for too_many_attempts (sets Retry-After). */
  readonly retryAfter: number | undefined;

  /** `status` overrides the catalogue only where API.md gives a code a second status (422 second_factor_invalid when confirming a factor). */
  constructor(
    code: ProblemCode,
    opts: { detail?: string | undefined; extensions?: Record<string, unknown>; retryAfter?: number; cause?: unknown; status?: number } = {},
  ) {
    super(opts.detail ?? PROBLEMS[code].title, { cause: opts.cause });
    this.name = 'Problem';
    this.code = code;
    this.status = opts.status ?? PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
    this.detail = opts.detail;
    this.extensions = opts.extensions ?? {};
    this.retryAfter = opts.retryAfter;
  }
}
