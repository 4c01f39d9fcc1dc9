import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame.tsx';

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  optional?: boolean;
};

/** A labelled multi-line input, laid out like TextField. */
export function TextArea({ label, value, onChange, error, hint, optional, id, className, rows = 4, ...rest }: TextAreaProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} optional={optional} id={id} className={className}>
      {(control) => <textarea {...control} className="input textarea" rows={rows} value={value} onChange={(e) => onChange(e.target.value)} {...rest} />}
    </FieldFrame>
  );
}
