import { memo } from 'react';
import type { RunEvaluation } from '../../../core/train/types';
import { useStore } from '../../state/store';
import { probeCurve } from './compareData';
import { ConfusionMatrix } from './ConfusionMatrix';
import { PerClassAccuracy } from './PerClassAccuracy';
import { ProbeCurve } from './ProbeCurve';

/** One empty list: a selector that returned a new [] each call would re-render forever (React error #185). */
const NO_CLASSES: string[] = [];

const EMPTY: RunEvaluation[] = [];

/** On demand, for one run: per-class accuracy, the probe's confusion matrix, and the probe over training steps. */
export const RunDetails = memo(function RunDetails({ runId, color }: { runId: string; color: string }) {
  const evaluations = useStore((s) => s.evaluations[runId] ?? EMPTY);
  const classes = useStore((s) => s.dataset?.classes ?? NO_CLASSES);
  const current = evaluations[evaluations.length - 1];
  if (!current) return null;
  const curve = probeCurve(evaluations);
  return (
    <details className="run-details" data-testid={`details-${runId}`}>
      <summary>
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        <span className="mono">{runId}</span>{' '}
        <span className="muted small">
          — evaluated at step {current.step.toLocaleString()}
          {evaluations.length > 1 ? `, ${evaluations.length} evaluations` : ''}
        </span>
      </summary>
      {current.probe ? (
        <div className="run-details__body">
          <PerClassAccuracy evaluation={current} classes={classes} />
          <div>
            <h4>Linear probe confusion matrix</h4>
            <ConfusionMatrix matrix={current.probe.confusion} classes={classes} testId={`confusion-${runId}`} />
          </div>
        </div>
      ) : (
        <p className="muted small">{current.reason}</p>
      )}
      {curve.length > 1 && <ProbeCurve runId={runId} rows={curve} />}
    </details>
  );
});
