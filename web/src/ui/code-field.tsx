import { useEffect, useRef, type ReactNode } from 'react';
import { TextField } from './field.tsx';

type CodeFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** Digits expected; spaces and dashes typed between them are allowed (and ignored by the server). */
  digits?: number;
  /** `one-time-code` lets phones offer a code from a message; backup codes are not one. */
  autoComplete?: 'one-time-code' | 'off';
  autoFocus?: boolean;
  name?: string;
};

/** A one-time code input: numeric keyboard, the OS's code autofill, monospaced digits. */
export function CodeField({ label, value, onChange, error, hint, digits = 6, autoComplete = 'one-time-code', autoFocus, name = 'code' }: CodeFieldProps) {
  // A refused code clears the field: the cursor goes back into it (not to the page body), so
  // the next code can be typed at once.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);
  return (
    <TextField
      ref={input}
      label={label}
      name={name}
      value={value}
      onChange={(v) => onChange(v.replace(/[^\d\s-]/g, '').slice(0, digits + 4))}
      error={error}
      hint={hint}
      className="code-field"
      inputMode="numeric"
      autoComplete={autoComplete}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      placeholder={'0'.repeat(digits).replace(/0/g, '•')}
      autoFocus={autoFocus}
      required
    />
  );
}

/** The digits of a typed code, without the spaces and dashes people add. */
export const codeDigits = (code: string) => code.replace(/[\s-]/g, '');
