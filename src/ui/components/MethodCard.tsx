import { useState } from 'react';
import type { Budget } from '../../core/budget';
import type { ParamValue, TrainConfig } from '../../core/config';
import type { MethodInfo } from '../../core/methods/catalog';
import type { Plan } from '../state/estimates';
import type { Availability } from './availability';
import { BudgetField } from './BudgetField';
import { configSummary, sharedFieldsFor } from './configFields';
import { ParamField } from './ParamField';

interface Props {
  method: MethodInfo;
  config: TrainConfig; // with the steps its budget resolves to
  onConfig: (cfg: TrainConfig) => void;
  budget: Budget;
  plan: Plan | null; // the budget resolved on the loaded dataset and backend (null before both)
  onBudget: (b: Budget) => void;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  availability: Availability;
  onStart: () => void;
}

/** The card's title row: the "Train selected" checkbox, the method's name and its tags. */
function MethodCardHead({
  method,
  selected,
  blocked,
  onSelect,
}: {
  method: MethodInfo;
  selected: boolean;
  blocked: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const { id } = method;
  return (
    <div className="method-card__head">
      <input
        id={`select-${id}`}
        type="checkbox"
        checked={selected}
        disabled={blocked}
        onChange={(e) => onSelect(e.target.checked)}
        data-testid={`select-${id}`}
      />
      <label htmlFor={`select-${id}`} className="visually-hidden">
        Select {method.label} for “Train selected”
      </label>
      <h3 id={`method-${id}-title`}>{method.label}</h3>
      {method.needsLabels && <span className="tag">needs labels</span>}
      {!method.trainable && <span className="tag">baseline</span>}
      {method.minResolution > 16 && <span className="tag">≥ {method.minResolution} px</span>}
    </div>
  );
}

/** The card's settings: the resolution (set by the dataset), the shared training fields and the method's own. */
function MethodSettings({ method, config, onConfig, onBudget }: Pick<Props, 'method' | 'config' | 'onConfig' | 'onBudget'>) {
  const { id } = method;
  // typing a number of steps replaces the budget: the card then says "custom steps"
  const setShared = (key: string, v: ParamValue) =>
    key === 'steps' ? onBudget({ kind: 'steps', steps: Number(v), from: 'edited' }) : onConfig({ ...config, [key]: v });
  const setParam = (key: string, v: ParamValue) => onConfig({ ...config, params: { ...config.params, [key]: v } });
  return (
    <details className="method-card__settings" data-testid={`settings-${id}`}>
      <summary>
        Settings <span className="muted mono">{configSummary(method, config)}</span>
      </summary>
      <div className="fields">
        <div className="field" title="Set by the dataset: change it in the Dataset panel.">
          <label htmlFor={`param-${id}-resolution`}>Resolution (px)</label>
          <input id={`param-${id}-resolution`} type="number" value={config.resolution} readOnly data-testid={`param-${id}-resolution`} />
        </div>
        {sharedFieldsFor(method).map((f) => (
          <ParamField key={f.key} id={`param-${id}-${f.key}`} spec={f} value={config[f.key]} onChange={(v) => setShared(f.key, v)} />
        ))}
      </div>
      {method.params.length > 0 && (
        <fieldset className="fields">
          <legend>{method.label} settings</legend>
          {method.params.map((p) => (
            <ParamField
              key={p.key}
              id={`param-${id}-${p.key}`}
              spec={p}
              value={config.params[p.key] ?? p.default}
              onChange={(v) => setParam(p.key, v)}
            />
          ))}
        </fieldset>
      )}
    </details>
  );
}

/** One method: what it learns from, its settings (shared and its own), how long it trains, a Start button. */
export function MethodCard({ method, config, onConfig, budget, plan, onBudget, selected, onSelect, availability, onStart }: Props) {
  const { id } = method;
  const [more, setMore] = useState(false); // the summary is clamped to a few lines until asked for
  const { blocked, warning } = availability;
  return (
    <article
      className={`method-card${blocked ? ' method-card--blocked' : ''}`}
      data-testid={`method-card-${id}`}
      aria-labelledby={`method-${id}-title`}
    >
      <MethodCardHead method={method} selected={selected} blocked={blocked !== null} onSelect={onSelect} />
      <p id={`method-${id}-summary`} className={`method-card__summary${more ? ' method-card__summary--full' : ''}`}>
        {method.summary}
      </p>
      <button
        type="button"
        className="link-button small method-card__more"
        aria-expanded={more}
        aria-controls={`method-${id}-summary`}
        onClick={() => setMore(!more)}
        aria-label={`${more ? 'Less' : 'More'} about ${method.label}`}
      >
        {more ? 'Less' : 'More'}
      </button>
      {blocked && (
        <p className="method-card__blocked" data-testid={`blocked-${id}`}>
          {blocked}
        </p>
      )}
      {warning && (
        <p className="method-card__warning" data-testid={`warning-${id}`}>
          ⚠ {warning}
        </p>
      )}
      <MethodSettings method={method} config={config} onConfig={onConfig} onBudget={onBudget} />
      {method.trainable && <BudgetField id={id} budget={budget} plan={plan} onBudget={onBudget} />}
      <div className="method-card__actions">
        <button
          type="button"
          className="primary"
          onClick={onStart}
          disabled={blocked !== null}
          data-testid={`start-${id}`}
          aria-label={`Start ${method.label}`}
        >
          Start
        </button>
      </div>
    </article>
  );
}
