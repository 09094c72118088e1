import { memo, useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { app } from '../../state/app';
import { reportError } from '../../state/store';
import { formatDuration, formatMetric, metricLabel } from '../format';
import { bestIds, COLUMNS, sortRows, type Column, type ColumnKey, type CompareRow, type SortDir } from './compareRows';
import { pct } from '../chart/ticks';

/** The cell text of each column. */
const CELL: Record<ColumnKey, (r: CompareRow) => string> = {
  method: (r) => r.method,
  backend: (r) => r.backend.toUpperCase(),
  steps: (r) => r.steps.toLocaleString(),
  time: (r) => (r.steps > 0 ? formatDuration(r.elapsedMs) : '—'),
  speed: (r) => (r.imagesPerSec === null ? '—' : r.imagesPerSec.toFixed(0)),
  metric: (r) => (r.metricName === null ? '—' : `${metricLabel(r.metricName)} ${formatMetric(r.metricName, r.metric ?? undefined)}`),
  probe: (r) => pct(r.probe),
  knn: (r) => pct(r.knn),
  best: (r) => (r.best ? `${pct(r.best.accuracy)} @ ${r.best.perClass === 'all' ? 'all' : `${r.best.perClass}/class`}` : '—'),
};

interface Props {
  rows: CompareRow[];
  colors: Record<string, string>; // run id → series colour, matching the charts
  reason: string | null; // why probe and kNN are empty (unlabelled data)
}

/** `probe-<run>` and `knn-<run>`; the other cells are prefixed so they cannot clash with the training view's ids. */
const cellTestId = (key: ColumnKey, id: string) => (key === 'probe' || key === 'knn' ? `${key}-${id}` : `compare-${key}-${id}`);

/** Every run's numbers side by side; click a header to sort; the best value of each comparable column stands out. */
export const CompareTable = memo(function CompareTable({ rows, colors, reason }: Props) {
  const [sort, setSort] = useState<{ key: ColumnKey; dir: SortDir } | null>(null);
  const [probing, setProbing] = useState<Set<string>>(new Set());
  const column = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!;
  const shown = sort ? sortRows(rows, column(sort.key), sort.dir) : rows;
  const best = Object.fromEntries(COLUMNS.map((c) => [c.key, bestIds(rows, c)])) as Record<ColumnKey, Set<string>>;

  const toggle = (c: Column) =>
    setSort((s) => ({ key: c.key, dir: s?.key === c.key ? (s.dir === 'ascending' ? 'descending' : 'ascending') : c.better === 'low' || !c.better ? 'ascending' : 'descending' }));

  const probe = (id: string) => {
    setProbing((p) => new Set(p).add(id));
    app.runs
      .evaluate(id)
      .catch((e: unknown) => reportError(`Could not probe ${id}: ${errorMessage(e)}`))
      .finally(() => setProbing((p) => new Set([...p].filter((x) => x !== id))));
  };

  return (
    <div className="compare-table__wrap">
      <table className="compare-table" data-testid="compare-table">
        <caption className="visually-hidden">Every run compared; the best value of a column is marked “best”.</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort?.key === c.key ? sort.dir : 'none'}>
                <button type="button" className="compare-table__sort" onClick={() => toggle(c)} data-testid={`sort-${c.key}`}>
                  {c.label}
                  <span aria-hidden="true">{sort?.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-testid={`compare-row-${r.id}`} data-state={r.state}>
              {COLUMNS.map((c) => {
                const isBest = best[c.key].has(r.id);
                const title = (c.key === 'probe' || c.key === 'knn') && r[c.key] === null && reason ? reason : undefined;
                return (
                  <td key={c.key} className={`${c.key === 'method' ? '' : 'mono'}${isBest ? ' compare-table__best' : ''}`} data-testid={cellTestId(c.key, r.id)} title={title}>
                    {c.key === 'method' && <span className="swatch" style={{ background: colors[r.id] }} aria-hidden="true" />}
                    {CELL[c.key](r)}
                    {isBest && <span className="visually-hidden"> (best)</span>}
                  </td>
                );
              })}
              <td>
                <button type="button" onClick={() => probe(r.id)} disabled={probing.has(r.id) || r.state === 'error'} data-testid={`probe-now-${r.id}`} aria-label={`Probe ${r.id} now`}>
                  {probing.has(r.id) ? 'Probing…' : 'Probe now'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
