// A text run's loss curve, built on the page from its statuses (issue #29): the worker reads a step's loss back every
// few steps and each 'textRun' event carries the latest one, so the page sees every point the worker measured.
import type { LossPoint } from '../../core/train/types';
import { CurveDownsampler } from '../components/downsample';
import type { TextRunStatus } from '../../worker/textContract';

/** Points a text run's curve keeps at most; past it, the curve is bucketed to half as many (its minima and maxima kept). */
export const TEXT_CURVE_MAX = 2000;

/**
 * `curve` with the status's loss at its step: appended in place (charts redraw from the length), or nothing when the
 * status brings no new step (the first status has no loss; evaluating, done and stopped repeat the last step). A curve
 * at `max` points is first bucketed by the charts' downsampler into a new array, so memory stays bounded on a long run.
 */
export function withTextPoint(curve: LossPoint[], status: Pick<TextRunStatus, 'step' | 'loss'>, max = TEXT_CURVE_MAX): LossPoint[] {
  const { step, loss } = status;
  const last = curve.at(-1);
  if (loss === null || !Number.isFinite(loss) || (last && step <= last.step)) return curve;
  const kept = curve.length < max ? curve : compacted(curve, max / 2);
  kept.push({ step, loss });
  return kept;
}

/** The curve bucketed to ≤ `points` rows: the first and last points and each bucket's lowest and highest loss, in step order. */
function compacted(curve: LossPoint[], points: number): LossPoint[] {
  return new CurveDownsampler({ key: 'loss', maxPoints: points }).update(curve, curve.length).map((r) => ({ step: r.step, loss: r.value }));
}
