import { useState } from 'react';
import { finetuneDefaults } from '../../../core/config';
import { app } from '../../state/app';
import { useStore } from '../../state/store';

/**
 * Starts the supervised-from-scratch reference: a fresh network trained by the fine-tuning recipe on just k labels per
 * class, for every budget, with the experiment's settings and an editable most steps per budget.
 */
export function BaselineControls({ budgets }: { budgets: number }) {
  const baseline = useStore((s) => s.baseline);
  const ready = useStore((s) => s.backend !== null && s.dataset !== null);
  const [steps, setSteps] = useState(finetuneDefaults.steps); // fine-tuning's: scratch never gets fewer steps than it
  const running = baseline?.running ?? false;
  const start = () => void app.runs.scratchBaseline({ ...app.experimentConfig('supervised'), steps });
  return (
    <div className="baseline-controls" data-testid="baseline-controls">
      <label>
        Most steps per budget{' '}
        <input
          type="number"
          min={1}
          step={1}
          value={steps}
          onChange={(e) => setSteps(Math.max(1, Math.round(Number(e.target.value) || 1)))}
          disabled={running}
          data-testid="baseline-steps"
        />
      </label>
      <button type="button" onClick={start} disabled={!ready || running} data-testid="baseline-start">
        Train supervised baseline at each budget
      </button>
      <span className="muted small" role="status" data-testid="baseline-status">
        {running
          ? `training… ${baseline!.points.length} of ${budgets} budgets done`
          : baseline
            ? `${baseline.points.length} budgets done`
            : `${budgets} runs from scratch, one per budget`}
      </span>
    </div>
  );
}
