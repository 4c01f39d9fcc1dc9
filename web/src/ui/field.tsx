import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { FieldFrame } from './field-frame.tsx';

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** Marks the label "(optional)". */
  optional?: boolean;
  ref?: Ref<HTMLInputElement>;
};

/** A labelled input with its hint and its error right beside it (aria-describedby). */
export function TextField({ label, value, onChange, error, hint, optional, id, className, ...rest }: TextFieldProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} optional={optional} id={id} className={className}>
      {(control) => <input {...control} className="input" value={value} onChange={(e) => onChange(e.target.value)} {...rest} />}
    </FieldFrame>
  );
}
