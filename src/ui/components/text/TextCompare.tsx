import { useMemo } from 'react';
import { errorMessage } from '../../../core/errors';
import { TEXT_LABEL_BUDGETS } from '../../../worker/textContract';
import { app } from '../../state/app';
import { reportError } from '../../state/store';
import { useTextRuns } from '../../state/textRuns';
import { seriesColor } from '../chart/theme';
import { ScratchControls } from '../compare/BaselineControls';
import { allLabelsX, trainPerClass } from '../compare/compareData';
import { BASELINE_COLOR, LabelEfficiencyChart, type EfficiencySeries } from '../compare/LabelEfficiencyChart';
import { Verdict } from '../compare/Verdict';
import { textComparison } from './textComparison';
import { TextResults } from './TextResults';

/** Scratch steps per budget by default (a text card's default steps). */
const SCRATCH_STEPS = 200;

/** The text runs compared as image runs are: the table with intervals, the verdict, the label-efficiency chart and the scratch baseline. */
export function TextCompare() {
  const { set, split, runs, scratch } = useTextRuns();
  const comp = useMemo(() => textComparison({ runs, scratch }), [runs, scratch]);
  const ids = comp.runIds.join('\n');
  const colors = useMemo(() => Object.fromEntries(ids.split('\n').map((id, k) => [id, seriesColor(k)])), [ids]);
  const series = useMemo((): EfficiencySeries[] => {
    const out = comp.rows.flatMap((r): EfficiencySeries[] =>
      r.sweep.length ? [{ id: r.runId, name: r.runId, color: colors[r.runId], dashed: false, points: r.sweep }] : [],
    );
    if (scratch?.points.length)
      out.push({ id: 'baseline', name: 'supervised from scratch', color: BASELINE_COLOR, dashed: true, points: scratch.points });
    return out;
  }, [comp, colors, scratch]);
  if (!set) return null;
  const labelled = set.classNames.length >= 2;
  const counts = set.classNames.map((_, c) => set.labels.filter((l) => l === c).length);
  const allPerClass = split ? trainPerClass(counts, set.texts.length, split.train) : 0;
  const busy = runs.some((r) => r.state === 'training' || r.state === 'evaluating');
  const start = (steps: number) =>
    void app.text
      .startScratch(set, { steps })
      .catch((e: unknown) => reportError(`The supervised text baseline failed: ${errorMessage(e)}`));
  return (
    <section aria-labelledby="text-compare-heading" data-testid="text-compare">
      <h3 id="text-compare-heading">Compare text runs</h3>
      {comp.verdict.length > 0 && <Verdict lines={comp.verdict} testId="text-compare-verdict" />}
      <TextResults rows={comp.rows} colors={colors} />
      {labelled && (
        <div>
          <LabelEfficiencyChart
            series={series}
            budgets={TEXT_LABEL_BUDGETS}
            allX={allLabelsX(allPerClass, TEXT_LABEL_BUDGETS)}
            allPerClass={allPerClass}
          />
          <ScratchControls
            budgets={TEXT_LABEL_BUDGETS.length + 1}
            progress={scratch && { points: scratch.points.length, running: scratch.running }}
            ready={!busy}
            defaultSteps={SCRATCH_STEPS}
            stepsLabel="Steps per budget"
            onStart={start}
            testId="text-baseline"
          />
          {scratch?.error && (
            <p className="error" role="alert">
              The supervised text baseline failed: {scratch.error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
