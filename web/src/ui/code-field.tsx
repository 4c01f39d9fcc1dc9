import { TextField } from './field.tsx';
import type { ReactNode } from 'react';

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
  return (
    <TextField
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
