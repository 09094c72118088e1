import type { SweepPoint } from '../../../core/eval/evaluate';
import { methodInfo } from '../../../core/methods/catalog';
import type { RunEvaluation, RunStatus } from '../../../core/train/types';
import { bestPoint, latestSweep } from './compareData';

/** One line of the comparison table: the numbers of one run, null where there is nothing yet. */
export interface CompareRow {
  id: string;
  method: string; // the method's label
  state: RunStatus['state'];
  backend: string;
  steps: number;
  elapsedMs: number;
  imagesPerSec: number | null; // null for an untrained baseline
  metricName: string | null; // the method's headline pretext metric
  metric: number | null;
  probe: number | null;
  knn: number | null;
  best: SweepPoint | null; // the best label-efficiency point
}

export function compareRows(runs: readonly RunStatus[], evaluations: Record<string, RunEvaluation[]>, backend: string): CompareRow[] {
  return runs.map((r) => {
    const metricName = methodInfo(r.method).metricNames[0] ?? null;
    const metric = metricName === null ? undefined : r.metrics[metricName];
    return {
      id: r.id,
      method: methodInfo(r.method).label,
      state: r.state,
      backend,
      steps: r.step,
      elapsedMs: r.elapsedMs,
      imagesPerSec: r.steps > 0 && r.imagesPerSec > 0 ? r.imagesPerSec : null,
      metricName,
      metric: metric !== undefined && Number.isFinite(metric) ? metric : null,
      probe: r.probe?.accuracy ?? null,
      knn: r.probe?.knn ?? null,
      best: bestPoint(latestSweep(evaluations[r.id])),
    };
  });
}

export type ColumnKey = 'method' | 'backend' | 'steps' | 'time' | 'speed' | 'metric' | 'probe' | 'knn' | 'best';

export interface Column {
  key: ColumnKey;
  label: string;
  value: (r: CompareRow) => number | string | null;
  better: 'high' | 'low' | null; // which end is highlighted; null: not comparable across methods
}

export const COLUMNS: Column[] = [
  { key: 'method', label: 'Method', value: (r) => r.method, better: null },
  { key: 'backend', label: 'Backend', value: (r) => r.backend, better: null },
  { key: 'steps', label: 'Steps', value: (r) => r.steps, better: null },
  { key: 'time', label: 'Time', value: (r) => (r.steps > 0 ? r.elapsedMs : null), better: 'low' },
  { key: 'speed', label: 'Images / s', value: (r) => r.imagesPerSec, better: 'high' },
  // each method's own task: a rotation accuracy and a PSNR do not rank against each other
  { key: 'metric', label: 'Pretext metric', value: (r) => r.metric, better: null },
  { key: 'probe', label: 'Linear probe', value: (r) => r.probe, better: 'high' },
  { key: 'knn', label: 'kNN', value: (r) => r.knn, better: 'high' },
  { key: 'best', label: 'Best label efficiency', value: (r) => r.best?.accuracy ?? null, better: 'high' },
];

export type SortDir = 'ascending' | 'descending';

/** Rows ordered by a column; rows without a value always go last. Stable. */
export function sortRows(rows: readonly CompareRow[], column: Column, dir: SortDir): CompareRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb)));
  });
}

/** Ids of the rows holding the column's best value (all of them on a tie); none unless two rows have values. */
export function bestIds(rows: readonly CompareRow[], column: Column): Set<string> {
  if (!column.better) return new Set();
  const valued = rows.filter((r) => typeof column.value(r) === 'number');
  if (valued.length < 2) return new Set();
  const values = valued.map((r) => column.value(r) as number);
  const best = column.better === 'high' ? Math.max(...values) : Math.min(...values);
  return new Set(valued.filter((_, i) => values[i] === best).map((r) => r.id));
}
