import { useState } from 'react';
import { finetuneDefaults } from '../../../core/config';
import { app } from '../../state/app';
import { useStore } from '../../state/store';

interface ScratchProps {
  budgets: number; // runs from scratch, one per budget ('all' included)
  progress: { points: number; running: boolean } | null; // null: never started
  ready: boolean; // a dataset (and backend) to train on
  defaultSteps: number;
  stepsLabel: string;
  onStart(steps: number): void;
  testId: string; // prefix of the controls' test ids
}

/** The supervised-from-scratch reference's controls, for images and for text: steps per budget, Start, progress. */
export function ScratchControls({ budgets, progress, ready, defaultSteps, stepsLabel, onStart, testId }: ScratchProps) {
  const [steps, setSteps] = useState(defaultSteps);
  const running = progress?.running ?? false;
  return (
    <div className="baseline-controls" data-testid={`${testId}-controls`}>
      <label>
        {stepsLabel}{' '}
        <input
          type="number"
          min={1}
          step={1}
          value={steps}
          onChange={(e) => setSteps(Math.max(1, Math.round(Number(e.target.value) || 1)))}
          disabled={running}
          data-testid={`${testId}-steps`}
        />
      </label>
      <button type="button" onClick={() => onStart(steps)} disabled={!ready || running} data-testid={`${testId}-start`}>
        Train supervised baseline at each budget
      </button>
      <span className="muted small" role="status" data-testid={`${testId}-status`}>
        {running
          ? `training… ${progress!.points} of ${budgets} budgets done`
          : progress
            ? `${progress.points} budgets done`
            : `${budgets} runs from scratch, one per budget`}
      </span>
    </div>
  );
}

/**
 * Starts the image supervised-from-scratch reference: a fresh network trained by the fine-tuning recipe on just k labels per
 * class, for every budget, with the experiment's settings and an editable most steps per budget.
 */
export function BaselineControls({ budgets }: { budgets: number }) {
  const baseline = useStore((s) => s.baseline);
  const ready = useStore((s) => s.backend !== null && s.dataset !== null);
  return (
    <ScratchControls
      budgets={budgets}
      progress={baseline && { points: baseline.points.length, running: baseline.running }}
      ready={ready}
      defaultSteps={finetuneDefaults.steps} // fine-tuning's: scratch never gets fewer steps than it
      stepsLabel="Most steps per budget"
      onStart={(steps) => void app.runs.scratchBaseline({ ...app.experimentConfig('supervised'), steps })}
      testId="baseline"
    />
  );
}
