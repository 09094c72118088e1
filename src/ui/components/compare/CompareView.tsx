import { useDeferredValue, useMemo } from 'react';
import { evalDefaults } from '../../../core/config';
import { NEEDS_LABELS } from '../../../core/eval/reasons';
import type { RunEvaluation } from '../../../core/train/types';
import type { DatasetKey } from '../../../storage/db';
import { datasetKey, sameDataset } from '../../state/persistence';
import { setCompareDataset, useStore, type AppState } from '../../state/store';
import { BaselineControls } from './BaselineControls';
import { allLabelsX, latestSweep, trainPerClass } from './compareData';
import { comparison, datasetLabel, type Comparison } from './comparison';
import { CompareTable } from './CompareTable';
import { BASELINE_COLOR, LabelEfficiencyChart, type EfficiencySeries } from './LabelEfficiencyChart';
import { LossOverlay } from './LossOverlay';
import { seriesColor } from '../chart/theme';
import { ProjectionGrid } from './ProjectionGrid';
import { RunDetails } from './RunDetails';
import { Verdict } from './Verdict';

const FINETUNE_KINDS = [
  { kind: 'finetune', name: 'fine-tuned' },
  { kind: 'semi', name: 'semi-supervised' },
] as const;

/** The comparison of the store's runs; deferred: a training delta re-renders it in the background, in slices, after the urgent updates. */
function useComparison(): Comparison {
  const runs = useDeferredValue(useStore((s) => s.runs));
  const evaluations = useStore((s) => s.evaluations);
  const backend = useStore((s) => s.backend);
  const dataset = useStore((s) => s.dataset);
  const baseline = useStore((s) => s.baseline);
  const runMeta = useStore((s) => s.runMeta);
  const compareDataset = useStore((s) => s.compareDataset);
  const finetunes = useStore((s) => s.finetunes);
  return useMemo(
    () => comparison({ runs, evaluations, backend, dataset, baseline, runMeta, compareDataset, finetunes }),
    [runs, evaluations, backend, dataset, baseline, runMeta, compareDataset, finetunes],
  );
}

/** The label-efficiency chart's lines: each run's probe sweep, its fine-tuned sweeps dashed, and the scratch baseline where it is of this dataset. */
function useEfficiencySeries(ids: string, colors: Record<string, string>, loaded: boolean): EfficiencySeries[] {
  const evaluations = useStore((s) => s.evaluations);
  const finetunes = useStore((s) => s.finetunes);
  const baseline = useStore((s) => s.baseline);
  return useMemo(() => {
    const out: EfficiencySeries[] = ids.split('\n').flatMap((id) => {
      const sweep = latestSweep(evaluations[id]);
      const tuned = FINETUNE_KINDS.flatMap(({ kind, name }) => {
        const points = finetunes[id]?.[kind]?.points;
        return points?.length ? [{ id: `${id}-${kind}`, name: `${id} ${name}`, color: colors[id], dashed: true, points }] : [];
      });
      return [...(sweep ? [{ id, name: id, color: colors[id], dashed: false, points: sweep }] : []), ...tuned];
    });
    if (loaded && baseline?.points.length)
      out.push({ id: 'baseline', name: 'supervised from scratch', color: BASELINE_COLOR, dashed: true, points: baseline.points });
    return out;
  }, [ids, evaluations, colors, baseline, loaded, finetunes]);
}

/** Every run side by side on the shared split: curves, the numbers, label efficiency, feature space, details. */
export function CompareView() {
  const comp = useComparison();
  const evaluations = useStore((s) => s.evaluations);
  const dataset = useStore((s) => s.dataset);
  const ids = comp.runs.map((r) => r.id).join('\n');

  // what depends only on which runs exist (not on their step) keeps its identity while they train
  const colors = useMemo(() => Object.fromEntries(ids.split('\n').map((id, k) => [id, seriesColor(k)])), [ids]);
  const latest = useMemo(
    () =>
      ids
        .split('\n')
        .map((id) => evaluations[id]?.at(-1))
        .filter((e): e is RunEvaluation => e !== undefined),
    [ids, evaluations],
  );
  const labelled = comp.loaded ? (dataset?.classes.length ?? 0) >= 2 : comp.runs.some((r) => r.probe?.accuracy != null);
  const reason = latest.find((e) => e.reason)?.reason ?? (labelled ? null : NEEDS_LABELS);
  const series = useEfficiencySeries(ids, colors, comp.loaded);
  const budgets = evalDefaults.labelBudgets;
  const allPerClass = comp.loaded && dataset ? trainPerClass(dataset.counts, dataset.images, dataset.split.train) : 0;

  return (
    <section className="panel compare" aria-labelledby="compare-heading" data-testid="compare-view">
      <div className="panel__head">
        <h2 id="compare-heading">Compare methods</h2>
        <DatasetPicker datasets={comp.datasets} chosen={comp.dataset} />
        {comp.loaded && dataset && (
          <span className="muted small" data-testid="compare-split">
            Same split for every run: {dataset.split.train.toLocaleString()} train / {dataset.split.test.toLocaleString()} test images
            (stratified, fixed seed)
          </span>
        )}
      </div>
      <CompareNotices comp={comp} dataset={dataset} reason={labelled ? null : reason} />
      {comp.runs.length === 0 ? (
        <p className="muted">No runs yet: train two or more methods above to compare them here.</p>
      ) : (
        <>
          {comp.verdict.length > 0 && <Verdict lines={comp.verdict} />}
          <CompareTable rows={comp.rows} best={comp.best} colors={colors} reason={reason} loaded={comp.loaded} />
        </>
      )}
      <div className="compare__charts">
        {comp.runs.length > 0 && <LossOverlay runs={comp.runs} colors={colors} />}
        {labelled && (
          <div>
            <LabelEfficiencyChart series={series} budgets={budgets} allX={allLabelsX(allPerClass, budgets)} allPerClass={allPerClass} />
            {comp.loaded && <BaselineControls budgets={budgets.length + 1} />}
          </div>
        )}
      </div>
      {comp.runs.length > 0 && <FeatureSpaceAndDetails comp={comp} latest={latest} colors={colors} />}
    </section>
  );
}

/** What the numbers below are and how far to trust them: another dataset's runs, a small test split, no labels. */
function CompareNotices({ comp, dataset, reason }: { comp: Comparison; dataset: AppState['dataset']; reason: string | null }) {
  return (
    <>
      {!comp.loaded && comp.dataset && (
        <p className="compare__notice" role="note" data-testid="compare-elsewhere">
          These runs trained on “{comp.dataset.name}”, which is not loaded: their numbers are as they were measured. Load that dataset to
          probe them again, repeat them or see their feature space.
        </p>
      )}
      <p className="muted small">
        Each encoder is frozen once a run ends or is stopped (or when you press “Probe now”); a linear probe (softmax regression on its
        standardized pooled features) and a cosine kNN (k = {evalDefaults.knnK}) are trained on the train split and scored on the test
        split. Small grey figures are 95 % intervals: the range the accuracy would likely fall in on another test set of the same size.
      </p>
      {comp.notice && (
        <p className="compare__notice" role="note" data-testid="compare-small-test">
          {comp.notice}
        </p>
      )}
      {reason && comp.loaded && dataset && (
        <div className="compare__notice" role="note" data-testid="compare-reason">
          <p>{reason}</p>
          <p className="small">
            To measure accuracy, load a folder with one sub-folder per class (for example <code>cats/001.jpg</code>,{' '}
            <code>dogs/002.png</code>, at least two classes). Every method except the supervised one still trains on unlabelled images, and
            the feature projection below still shows what each encoder groups together.
          </p>
        </div>
      )}
    </>
  );
}

/** The test split's feature space (of the loaded dataset only) and each run's details. */
function FeatureSpaceAndDetails({ comp, latest, colors }: { comp: Comparison; latest: RunEvaluation[]; colors: Record<string, string> }) {
  return (
    <>
      <h3>Feature space (PCA and UMAP of the test split)</h3>
      {comp.loaded ? (
        <ProjectionGrid latest={latest} />
      ) : (
        <p className="muted small">Load “{comp.dataset?.name}” to see its feature space.</p>
      )}
      <h3>Per-run details</h3>
      {latest.length === 0 ? (
        <p className="muted small">Details appear after a run's first evaluation.</p>
      ) : (
        latest.map((e) => <RunDetails key={e.runId} runId={e.runId} color={colors[e.runId]} />)
      )}
    </>
  );
}

/** Which dataset's runs to compare: shown when runs of more than one dataset are on the page. */
function DatasetPicker({ datasets, chosen }: { datasets: DatasetKey[]; chosen: DatasetKey | null }) {
  const page = useStore((s) => s.dataset);
  if (datasets.length < 2 || !chosen) return null;
  const index = datasets.findIndex((d) => d === chosen);
  return (
    <label className="small">
      Dataset{' '}
      <select value={index} onChange={(e) => setCompareDataset(datasets[Number(e.target.value)])} data-testid="compare-dataset">
        {datasets.map((d, k) => (
          <option key={k} value={k}>
            {datasetLabel(d)}
            {page && sameDataset(d, datasetKey(page)) ? ' (loaded)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
