import { useId } from 'react';
import { Button } from '../../ui/button.tsx';

type Props = { meanings: string[]; onChange: (meanings: string[]) => void; error?: string | undefined };

const MAX = 10;

/** The meanings a signer chooses from (21 CFR 11.50: the meaning is part of the record). */
export function MeaningsEditor({ meanings, onChange, error }: Props) {
  const id = useId();
  const set = (i: number, v: string) => onChange(meanings.map((m, j) => (j === i ? v : m)));
  return (
    <fieldset className={['fieldset', 'meanings', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <legend className="field-label">Signature meanings</legend>
      <p className="field-hint">The signer picks one; it is printed on the signature record.</p>
      <ul className="meaning-list">
        {meanings.map((m, i) => (
          <li key={i} className="meaning-row">
            <label htmlFor={`${id}-${i}`} className="visually-hidden">
              Meaning {i + 1}
            </label>
            <input id={`${id}-${i}`} className="input" value={m} maxLength={60} onChange={(e) => set(i, e.target.value)} />
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove meaning ${m || i + 1}`}
              disabled={meanings.length <= 1}
              onClick={() => onChange(meanings.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {error ? <p className="field-error">{error}</p> : null}
      {meanings.length < MAX ? (
        <div>
          <Button size="sm" onClick={() => onChange([...meanings, ''])}>
            Add meaning
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
