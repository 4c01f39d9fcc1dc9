import { useCallback, useState, type FormEvent } from 'react';
import { isApiProblem } from '../api/problem.ts';
import { useFieldErrors, type FieldValues } from './use-field-errors.ts';

// Refusals that are about one field even when the server sends no pointer.
const CODE_FIELDS: Record<string, string> = {
  password_too_weak: 'password',
  email_taken: 'email',
  group_name_taken: 'name',
};

type SubmitState = {
  busy: boolean;
  /** The error that belongs to no single field. */
  error: unknown;
  /** Field name → message, from the problem's `errors[].pointer` or from local checks, while the field still holds the refused value. */
  fieldErrors: Record<string, string>;
};

/**
 * Runs a form's action with a busy flag, and splits a refusal into field errors (shown beside
 * each field) and a form-level error. `validate` returns local field errors first. `values` are
 * the form's fields (by name, or a nested draft the error names point into): a field's message
 * goes away as soon as the field no longer holds the value it was about (use-field-errors.ts).
 */
export function useSubmit(action: () => Promise<void>, validate?: () => Record<string, string>, values: FieldValues = {}) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: undefined });
  const fields = useFieldErrors(values);
  const { show, clear, submitted } = fields;

  const onSubmit = useCallback(
    async (e?: FormEvent) => {
      e?.preventDefault();
      const local = validate?.() ?? {};
      if (Object.keys(local).length > 0) {
        setState({ busy: false, error: undefined });
        show(local);
        focusFirstInvalid();
        return;
      }
      const sent = submitted();
      setState({ busy: true, error: undefined });
      clear();
      try {
        await action();
        setState({ busy: false, error: undefined });
      } catch (error) {
        const fieldErrors = isApiProblem(error) ? error.fieldErrors() : {};
        const codeField = isApiProblem(error) ? CODE_FIELDS[error.code] : undefined;
        if (isApiProblem(error) && codeField && !fieldErrors[codeField]) fieldErrors[codeField] = error.detail ?? error.title;
        const hasFields = Object.keys(fieldErrors).length > 0;
        const formLevel = hasFields && isApiProblem(error) && (error.code === 'invalid_request' || codeField) ? undefined : error;
        setState({ busy: false, error: formLevel });
        show(fieldErrors, sent);
        if (hasFields) focusFirstInvalid();
      }
    },
    [action, validate, show, clear, submitted],
  );

  const reset = useCallback(() => {
    setState({ busy: false, error: undefined });
    clear();
  }, [clear]);
  const result: SubmitState & { onSubmit: typeof onSubmit; reset: typeof reset; setFieldErrors: (f: Record<string, string>) => void } = {
    ...state,
    fieldErrors: fields.errors,
    onSubmit,
    reset,
    setFieldErrors: show,
  };
  return result;
}

function focusFirstInvalid() {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
