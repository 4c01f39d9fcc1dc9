import { useId, type ReactNode } from 'react';

type RadioGroupProps<V extends string> = {
  legend: string;
  name: string;
  options: readonly { value: V; label: string; hint?: ReactNode; disabled?: boolean }[];
  value: V;
  onChange: (value: V) => void;
};

/** A fieldset of radio buttons, each with an optional hint. */
export function RadioGroup<V extends string>({ legend, name, options, value, onChange }: RadioGroupProps<V>) {
  const id = useId();
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{legend}</legend>
      <div className="check-list">
        {options.map((o) => (
          <div key={o.value} className={o.disabled ? 'check check-disabled' : 'check'}>
            <input
              id={`${id}-${o.value}`}
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
              aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
            />
            <div className="check-text">
              <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
              {o.hint ? (
                <span id={`${id}-${o.value}-hint`} className="check-hint">
                  {o.hint}
                </span>
              ) : null}
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
