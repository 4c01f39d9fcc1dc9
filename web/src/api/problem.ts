// RFC 9457 problem details as the server sends them, made into one typed error for the UI.

export type FieldError = { pointer: string; detail: string };

export type ProblemBody = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  /** second_factor_required: the methods the user can prove with. */
  methods?: string[];
  challengeId?: string;
  /** second_factor_invalid: `code_already_used` when the authenticator code was right but already spent. */
  reason?: string;
};

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** Seconds from the Retry-After header (too_many_attempts). */
  readonly retryAfter: number | undefined;
  /** second_factor_required: the methods that can answer it (API.md "Conventions", step-up). */
  readonly methods: string[];
  /** A finer cause some codes carry (`code_already_used`). */
  readonly reason: string | undefined;

  constructor(status: number, body: ProblemBody, retryAfter?: number) {
    super(body.detail ?? body.title ?? `Request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = body.code ?? (status >= 500 ? 'internal_error' : 'unknown');
    this.title = body.title ?? 'Something went wrong';
    this.detail = body.detail;
    this.errors = body.errors ?? [];
    this.retryAfter = retryAfter;
    this.reason = typeof body.reason === 'string' ? body.reason : undefined;
    this.methods = Array.isArray(body.methods) ? body.methods.filter((m): m is string => typeof m === 'string') : [];
  }

  /** `#/email` or `/email` → `email`; `#/steps/0/name` → `steps.0.name`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.pointer
        .replace(/^#?\/?/, '')
        .split('/')
        .join('.');
      if (key && !(key in out)) out[key] = e.detail;
    }
    return out;
  }
}

export const isApiProblem = (e: unknown): e is ApiProblem => e instanceof ApiProblem;

/** A sentence for people: the detail when the server wrote one, else the title. */
export function describeError(e: unknown): string {
  if (isApiProblem(e)) return e.detail ?? e.title;
  if (e instanceof Error) return e.message;
  return 'Something went wrong';
}

/** What to say under a code field the server refused: a replayed authenticator code is told apart. */
const USED_CODE_MESSAGE = 'That code was already used. Wait for the next code in your app (a new one appears every 30 seconds).';
const WRONG_CODE_MESSAGE = "That code didn't work. Enter the code your app shows now and try again.";
export const codeRefusalMessage = (e: unknown): string => (isApiProblem(e) && e.reason === 'code_already_used' ? USED_CODE_MESSAGE : WRONG_CODE_MESSAGE);
