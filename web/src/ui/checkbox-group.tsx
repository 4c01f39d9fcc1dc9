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
};

/** A fieldset of checkboxes over a list of values, in the order of `options`. */
export function CheckboxGroup<V extends string>({ legend, options, selected, onChange, error, empty, name }: CheckboxGroupProps<V>) {
  const toggle = (value: V, on: boolean) => {
    const set = new Set(selected);
    if (on) set.add(value);
    else set.delete(value);
    onChange(options.map((o) => o.value).filter((v) => set.has(v)));
  };
  return (
    <fieldset className={['fieldset', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <legend className="field-label">{legend}</legend>
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
            onChange={(on) => toggle(o.value, on)}
          />
        ))}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
