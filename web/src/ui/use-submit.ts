import { useCallback, useState, type FormEvent } from 'react';
import { isApiProblem } from '../api/problem.ts';

// Refusals that are about one field even when the server sends no pointer.
const CODE_FIELDS: Record<string, string> = {
  password_too_weak: 'password',
  email_taken: 'email',
  group_name_taken: 'name',
};

export type SubmitState = {
  busy: boolean;
  /** The error that belongs to no single field. */
  error: unknown;
  /** Field name → message, from the problem's `errors[].pointer` or from local checks. */
  fieldErrors: Record<string, string>;
};

/**
 * Runs a form's action with a busy flag, and splits a refusal into field errors (shown beside
 * each field) and a form-level error. `validate` returns local field errors first.
 */
export function useSubmit(action: () => Promise<void>, validate?: () => Record<string, string>) {
  const [state, setState] = useState<SubmitState>({ busy: false, error: undefined, fieldErrors: {} });

  const onSubmit = useCallback(
    async (e?: FormEvent) => {
      e?.preventDefault();
      const local = validate?.() ?? {};
      if (Object.keys(local).length > 0) {
        setState({ busy: false, error: undefined, fieldErrors: local });
        focusFirstInvalid();
        return;
      }
      setState({ busy: true, error: undefined, fieldErrors: {} });
      try {
        await action();
        setState({ busy: false, error: undefined, fieldErrors: {} });
      } catch (error) {
        const fieldErrors = isApiProblem(error) ? error.fieldErrors() : {};
        const codeField = isApiProblem(error) ? CODE_FIELDS[error.code] : undefined;
        if (isApiProblem(error) && codeField && !fieldErrors[codeField]) fieldErrors[codeField] = error.detail ?? error.title;
        const hasFields = Object.keys(fieldErrors).length > 0;
        const formLevel = hasFields && isApiProblem(error) && (error.code === 'invalid_request' || codeField) ? undefined : error;
        setState({ busy: false, error: formLevel, fieldErrors });
        if (hasFields) focusFirstInvalid();
      }
    },
    [action, validate],
  );

  const reset = useCallback(() => setState({ busy: false, error: undefined, fieldErrors: {} }), []);
  return { ...state, onSubmit, reset, setFieldErrors: (f: Record<string, string>) => setState((s) => ({ ...s, fieldErrors: f })) };
}

function focusFirstInvalid() {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
