import { evalDefaults } from '../../../core/config';
import { resolution } from '../../../core/eval/stats';
import { methodInfo } from '../../../core/methods/catalog';
import type { RunEvaluation, RunStatus } from '../../../core/train/types';
import type { DatasetKey } from '../../../storage/db';
import { datasetKey, sameDataset } from '../../state/persistence';
import type { AppState, FinetuneState } from '../../state/store';
import { latestSweep } from './compareData';
import { bestByColumn, compareRows, type ColumnKey, type CompareRow } from './compareRows';
import { verdict, type VerdictRun } from './verdict';

/** What the compare view shows, and window.pretext.status().compare reports: the runs of one dataset, side by side. */
export interface Comparison {
  dataset: DatasetKey | null; // the dataset compared
  loaded: boolean; // it is the dataset on the page (probes, projections and the scratch baseline need its images)
  datasets: DatasetKey[]; // every dataset with runs, the loaded one first
  runs: RunStatus[]; // the runs of `dataset`
  rows: CompareRow[];
  best: Record<ColumnKey, string[]>; // the rows each column marks best: an accuracy only where it is clearly ahead
  verdict: string[];
  notice: string | null; // a small labelled test split: what it can resolve
}

export type ComparisonInput = Pick<
  AppState,
  'runs' | 'runMeta' | 'evaluations' | 'dataset' | 'baseline' | 'compareDataset' | 'backend' | 'finetunes'
>;

/** A run's dataset: the one it was saved with (every started run is), else the page's. */
const runDataset = (s: ComparisonInput, r: RunStatus): DatasetKey | null =>
  s.runMeta[r.id]?.dataset ?? (s.dataset && datasetKey(s.dataset));

/** Every dataset that has runs (and the loaded one), once each, the loaded one first. */
function datasetsOf(s: ComparisonInput): DatasetKey[] {
  const out: DatasetKey[] = s.dataset && s.dataset.images > 0 ? [datasetKey(s.dataset)] : [];
  for (const r of s.runs) {
    const d = runDataset(s, r);
    if (d && !out.some((k) => sameDataset(k, d))) out.push(d);
  }
  return out;
}

/** The probed runs as the verdict reads them: cross-validated accuracies when every one has them (a small test split). */
function verdictInput(
  runs: RunStatus[],
  evaluations: Record<string, RunEvaluation[]>,
  finetunes: ComparisonInput['finetunes'],
): { runs: VerdictRun[]; what: string } {
  const latest = runs.flatMap((r) => {
    const ev = evaluations[r.id]?.at(-1);
    return ev?.probe && (r.state === 'done' || r.state === 'stopped') ? [{ r, ev, probe: ev.probe }] : [];
  });
  const cv = latest.length > 0 && latest.every((x) => x.ev.cv);
  const out = latest.map(({ r, ev, probe }): VerdictRun => {
    const info = methodInfo(r.method);
    return {
      label: info.label,
      selfSupervised: info.trainable && !info.needsLabels,
      random: !info.trainable,
      encoder: `width ${r.config.width} · depth ${r.config.depth}`,
      seed: r.config.seed,
      probe: cv ? ev.cv! : probe,
      sweep: latestSweep(evaluations[r.id]),
      finetuned: { finetune: finished(finetunes[r.id]?.finetune), semi: finished(finetunes[r.id]?.semi) },
    };
  });
  const n = latest[0]?.ev.cv?.correct.length ?? 0;
  const what = cv
    ? `cross-validated over all ${n.toLocaleString('en-US')} labelled images (${evalDefaults.cvFolds} folds)`
    : `on the same ${(latest[0]?.probe.correct?.length ?? 0).toLocaleString('en-US')} test images`;
  return { runs: out, what };
}

/** A finished fine-tuning sweep's points, or null. */
const finished = (f: FinetuneState | undefined) => (f && !f.running ? f.points : null);

/** The small-data warning: fewer than evalDefaults.smallTest labelled test images resolve only large differences. */
function smallTestNotice(rows: CompareRow[]): string | null {
  const n = rows.find((r) => r.probe && r.probe.n > 0)?.probe?.n;
  if (n === undefined || n >= evalDefaults.smallTest) return null;
  const cv = rows.find((r) => r.cv)?.cv;
  return (
    `Only ${n} labelled test images: an accuracy here is known to about ±${(100 * resolution(n)).toFixed(0)} points, so smaller differences between methods are not resolved.` +
    (cv
      ? ` The “Probe, cross-validated” column measures the probe on all ${cv.n} labelled images (about ±${(100 * resolution(cv.n)).toFixed(0)} points); the verdict uses it.`
      : '')
  );
}

export function comparison(s: ComparisonInput): Comparison {
  const datasets = datasetsOf(s);
  const chosen = (s.compareDataset && datasets.find((d) => sameDataset(d, s.compareDataset!))) ?? datasets[0] ?? null;
  const loaded = chosen !== null && s.dataset !== null && sameDataset(chosen, datasetKey(s.dataset));
  const runs = chosen
    ? s.runs.filter((r) => {
        const d = runDataset(s, r);
        return d !== null && sameDataset(d, chosen);
      })
    : [];
  const rows = compareRows(runs, s.evaluations, s.backend?.name ?? '—', s.finetunes);
  const labelled = loaded ? (s.dataset?.classes.length ?? 0) >= 2 : runs.some((r) => r.probe?.accuracy != null);
  const scratch = loaded && s.baseline && !s.baseline.running ? s.baseline.points : null;
  const input = verdictInput(runs, s.evaluations, s.finetunes);
  return {
    dataset: chosen,
    loaded,
    datasets,
    runs,
    rows,
    best: bestByColumn(rows),
    verdict: labelled && runs.length > 0 ? verdict(input.runs, scratch, input.what) : [],
    notice: smallTestNotice(rows),
  };
}

/** The picker's label of a dataset. */
export const datasetLabel = (d: DatasetKey) => `${d.name} · ${d.images.toLocaleString('en-US')} images · ${d.resolution} px`;
