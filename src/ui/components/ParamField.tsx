import { useState } from 'react';
import { formatLimit, rangeText, type Limit, type ParamValue } from '../../core/config';
import type { ParamSpec } from '../../core/methods/catalog';

interface Props {
  id: string; // DOM id, unique on the page
  spec: ParamSpec;
  value: ParamValue;
  onChange: (value: ParamValue) => void;
  disabled?: boolean;
}

/** One hyperparameter control, chosen by the spec: number input, checkbox, or select. */
export function ParamField({ id, spec, value, onChange, disabled }: Props) {
  const helpId = `${id}-help`;
  const common = { id, 'aria-describedby': helpId, disabled, 'data-testid': id };
  let control;
  if (typeof spec.default === 'boolean') {
    control = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (typeof spec.default === 'string') {
    control = spec.options ? (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    ) : (
      <input type="text" {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} />
    );
  } else {
    control = <NumberInput common={common} spec={spec} value={Number(value)} onChange={onChange} />;
  }
  return (
    <div className={`field${typeof spec.default === 'boolean' ? ' field--check' : ''}`} title={spec.help}>
      <label htmlFor={id}>{spec.label}</label>
      {control}
      <span id={helpId} className="visually-hidden">
        {spec.help}
      </span>
    </div>
  );
}

interface NumberProps {
  common: { id: string; 'aria-describedby': string; disabled?: boolean; 'data-testid': string };
  spec: ParamSpec;
  value: number;
  onChange: (value: number) => void;
}

/** A number input that lets the user type freely and only reports valid, in-range values; it shows its limits. */
function NumberInput({ common, spec, value, onChange }: NumberProps) {
  const [draft, setDraft] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // the value changed from outside (or from a valid draft): follow it unless the draft already says so
    setShown(value);
    if (Number(draft) !== value) setDraft(String(value));
  }
  const integer = wholeNumbers(spec);
  const valid = parseValue(spec, draft) !== null;
  const limit = limitOf(spec);
  return (
    <>
      <input
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        {...common}
        min={spec.min}
        max={spec.max}
        step={spec.step ?? 'any'}
        value={draft}
        aria-invalid={!valid}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const n = parseValue(spec, text);
          if (n !== null) onChange(n);
        }}
        onBlur={() => setDraft(String(value))}
      />
      {limit && (
        <span className="field__limits" data-testid={`${common.id}-limits`}>
          {formatLimit(limit.min)} – {formatLimit(limit.max)}
        </span>
      )}
      {!valid && (
        <span className="field__error" role="alert" data-testid={`${common.id}-error`}>
          {limit ? `${spec.label}: ${rangeText(limit)}.` : `${spec.label}: a number.`}
        </span>
      )}
    </>
  );
}

/** The spec's range, when it has both ends. */
function limitOf(spec: ParamSpec): Limit | null {
  if (spec.min === undefined || spec.max === undefined) return null;
  return { min: spec.min, max: spec.max, integer: wholeNumbers(spec) };
}

/** Whether the spec takes whole numbers only (an integer step). */
const wholeNumbers = (spec: ParamSpec) => spec.step !== undefined && Number.isInteger(spec.step);

/** The number a draft holds when it is one the spec allows (integer steps, min, max), else null. */
function parseValue(spec: ParamSpec, text: string): number | null {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) return null;
  if (wholeNumbers(spec) && !Number.isInteger(n)) return null;
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return null;
  return n;
}
