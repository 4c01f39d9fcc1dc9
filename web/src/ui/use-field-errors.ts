// Field messages that go away as soon as the field is fixed (issue 12 item 6: "old validation
// messages stay after the field is fixed"). A message is about the value that was refused: each
// one remembers what its field held when it was shown (at the submit that earned it), and is shown
// only while the field still holds that. Changing the field hides it at once; putting the refused
// value back shows it again, because it is still true. The next submit replaces them all.
import { useCallback, useRef, useState } from 'react';

/** A form's values: by field name, or dotted paths into nested ones (`steps.0.name`, `trustedDevices.days`). */
export type FieldValues = Record<string, unknown> | ((field: string) => unknown);

/** The value a field name points at: a flat key first, then a dotted path. */
export function valueAt(values: FieldValues, field: string): unknown {
  if (typeof values === 'function') return values(field);
  if (field in values) return values[field];
  let at: unknown = values;
  for (const part of field.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Compares values by content (arrays of chosen ids, nested drafts): JSON with a mark for `undefined`. */
const fingerprint = (v: unknown): string => (v === undefined ? '\u0000undefined' : (JSON.stringify(v) ?? '\u0000'));

/** What the values were when the messages were shown, per field, to compare with what they are now. */
export function snapshotOf(values: FieldValues, fields: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f] = fingerprint(valueAt(values, f));
  return out;
}

/** The messages whose field still holds the refused value. */
export function freshErrors(errors: Record<string, string>, refused: Record<string, string>, values: FieldValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!(field in refused) || refused[field] === fingerprint(valueAt(values, field))) out[field] = message;
  }
  return out;
}

/** `refused` null: taken from the values of the first render that shows the messages. */
type Shown = { errors: Record<string, string>; refused: Record<string, string> | null };

/**
 * Field messages for forms that keep their own state. `show(errors)` ties each message to what
 * its field holds when the message appears (after any state set with it, such as a cleared code
 * field); `show(errors, at)` to the values `at`, as they were submitted (`submitted()` at submit
 * time), for an answer that arrives after the person may have typed on. `errors` holds the
 * messages still true of the values now.
 */
export function useFieldErrors(values: FieldValues) {
  const [shown, setShown] = useState<Shown>({ errors: {}, refused: {} });
  const latest = useRef(values);
  latest.current = values;
  const taken = useRef<{ of: Shown; refused: Record<string, string> }>(undefined);
  if (shown.refused === null && taken.current?.of !== shown) taken.current = { of: shown, refused: snapshotOf(values, Object.keys(shown.errors)) };
  const refused = shown.refused ?? taken.current!.refused;

  const show = useCallback((errors: Record<string, string>, at?: FieldValues) => {
    setShown({ errors, refused: at ? snapshotOf(at, Object.keys(errors)) : null });
  }, []);
  const clear = useCallback(() => setShown({ errors: {}, refused: {} }), []);
  /** The values as they are now: React state is not changed in place, so this stays what was submitted. */
  const submitted = useCallback((): FieldValues => latest.current, []);
  return { errors: freshErrors(shown.errors, refused, values), show, clear, submitted };
}

/** One field's message (a code field, an email): shown until the value changes from the one it is about. */
export function useFieldError(value: unknown) {
  const { errors, show, clear } = useFieldErrors({ value });
  const set = useCallback((message: string | undefined) => (message === undefined ? clear() : show({ value: message })), [show, clear]);
  return [errors['value'], set] as const;
}

/**
 * A message handed down by a parent (a refused comment), shown while the field holds what it
 * held when the message arrived. The parent clears the message when it submits again.
 */
export function useMessageAbout(message: string | undefined, value: unknown): string | undefined {
  const seen = useRef<{ message: string | undefined; value: string }>(undefined);
  if (!seen.current || seen.current.message !== message) seen.current = { message, value: fingerprint(value) };
  return message !== undefined && seen.current.value === fingerprint(value) ? message : undefined;
}
