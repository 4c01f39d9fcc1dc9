import type { ReactNode } from 'react';
import { Checkbox } from './checkbox.tsx';

type CheckboxGroupProps<V extends string> = {
  legend: string;
  options: readonly { value: V; label: string; hint?: ReactNode }[];
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  error?: string | undefined;
  empty?: ReactNode;
  name?: string;
  disabled?: boolean;
  hint?: ReactNode;
};

/** A fieldset of checkboxes over a list of values, in the order of `options`. */
export function CheckboxGroup<V extends string>({ legend, options, selected, onChange, error, empty, name, disabled, hint }: CheckboxGroupProps<V>) {
  const toggle = (value: V, on: boolean) => {
    const set = new Set(selected);
    if (on) set.add(value);
    else set.delete(value);
    onChange(options.map((o) => o.value).filter((v) => set.has(v)));
  };
  return (
    <fieldset className={['fieldset', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <legend className="field-label">{legend}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {options.length === 0 && empty ? <p className="field-hint">{empty}</p> : null}
      <div className="check-list">
        {options.map((o) => (
          <Checkbox
            key={o.value}
            name={name}
            value={o.value}
            label={o.label}
            hint={o.hint}
            checked={selected.includes(o.value)}
            disabled={disabled}
            onChange={(on) => toggle(o.value, on)}
          />
        ))}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
