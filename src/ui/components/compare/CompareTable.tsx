import { memo, useState, type ReactNode } from 'react';
import { errorMessage } from '../../../core/errors';
import { app } from '../../state/app';
import { evalDefaults } from '../../../core/config';
import { reportError, useStore } from '../../state/store';
import { formatDuration, formatMetric, metricLabel } from '../format';
import { bestIds, COLUMNS, sortRows, type Column, type ColumnKey, type CompareRow, type Estimate, type SortDir } from './compareRows';
import { pct } from '../chart/ticks';

/** An accuracy, its 95 % interval below it (none when the images behind it are unknown). */
function Accuracy({ value, seeds }: { value: Estimate | null; seeds?: CompareRow['seeds'] }) {
  if (!value) return <>—</>;
  return (
    <>
      {pct(value.accuracy)}
      {value.n > 0 && (
        <span className="compare-table__ci" title={`95 % interval on ${value.n.toLocaleString('en-US')} images (Wilson)`}>
          {' '}
          {(100 * value.low).toFixed(1)}–{(100 * value.high).toFixed(1)}
        </span>
      )}
      {seeds && (
        <span className="compare-table__ci" title={`the probe over the ${seeds.n} seeds of this recipe: mean ± standard deviation`}>
          {' '}
          {seeds.n} seeds: {(100 * seeds.mean).toFixed(1)} ± {(100 * seeds.sd).toFixed(1)}
        </span>
      )}
    </>
  );
}

/** The cell of each column. */
const CELL: Record<ColumnKey, (r: CompareRow) => ReactNode> = {
  method: (r) => r.method,
  backend: (r) => r.backend.toUpperCase(),
  steps: (r) => (r.partial ? `${r.steps.toLocaleString()} of ${r.totalSteps.toLocaleString()} (partial)` : r.steps.toLocaleString()),
  time: (r) => (r.steps > 0 ? formatDuration(r.elapsedMs) : '—'),
  speed: (r) => (r.imagesPerSec === null ? '—' : r.imagesPerSec.toFixed(0)),
  metric: (r) => (r.metricName === null ? '—' : `${metricLabel(r.metricName)} ${formatMetric(r.metricName, r.metric ?? undefined)}`),
  probe: (r) => <Accuracy value={r.probe} seeds={r.seeds} />,
  knn: (r) => <Accuracy value={r.knn} />,
  cv: (r) => <Accuracy value={r.cv} />,
  finetune: (r) => <Accuracy value={r.finetune} />,
  semi: (r) => <Accuracy value={r.semi} />,
  best: (r) => (r.best ? `${pct(r.best.accuracy)} @ ${r.best.perClass === 'all' ? 'all' : `${r.best.perClass}/class`}` : '—'),
};

interface Props {
  rows: CompareRow[];
  colors: Record<string, string>; // run id → series colour, matching the charts
  reason: string | null; // why probe and kNN are empty (unlabelled data)
  loaded: boolean; // the runs are of the loaded dataset: they can be probed and repeated
}

/** The fine-tuning buttons of a row. */
const FINETUNES = [
  { kind: 'finetune', label: 'Fine-tune' },
  { kind: 'semi', label: 'Semi-supervised' },
] as const;
const BUDGETS = evalDefaults.labelBudgets.length + 1;

/** Seeds a recipe is repeated with by "Repeat with 3 seeds". */
export const REPEAT_SEEDS = 3;

/** `probe-<run>` and `knn-<run>`; the other cells are prefixed so they cannot clash with the training view's ids. */
const cellTestId = (key: ColumnKey, id: string) => (key === 'probe' || key === 'knn' ? `${key}-${id}` : `compare-${key}-${id}`);

/** Every run's numbers side by side; click a header to sort; the best value of each comparable column stands out. */
export const CompareTable = memo(function CompareTable({ rows, colors, reason, loaded }: Props) {
  const [sort, setSort] = useState<{ key: ColumnKey; dir: SortDir } | null>(null);
  const [probing, setProbing] = useState<Set<string>>(new Set());
  const finetunes = useStore((s) => s.finetunes);
  const hidden = (['cv', 'finetune', 'semi'] as const).filter((k) => !rows.some((r) => r[k]));
  const columns = COLUMNS.filter((c) => !(hidden as ColumnKey[]).includes(c.key));
  const tuning = (id: string) => Object.values(finetunes[id] ?? {}).some((f) => f?.running);
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

  const repeat = (id: string) => void app.runs.repeat(id, REPEAT_SEEDS).catch((e: unknown) => reportError(`Could not repeat ${id}: ${errorMessage(e)}`));

  return (
    <div className="compare-table__wrap">
      <table className="compare-table" data-testid="compare-table">
        <caption className="visually-hidden">Every run compared; the best value of a column is marked “best”.</caption>
        <thead>
          <tr>
            {columns.map((c) => (
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
              {columns.map((c) => {
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
                <button type="button" onClick={() => probe(r.id)} disabled={!loaded || probing.has(r.id) || r.state === 'error'} data-testid={`probe-now-${r.id}`} aria-label={`Probe ${r.id} now`}>
                  {probing.has(r.id) ? 'Probing…' : 'Probe now'}
                </button>
                {FINETUNES.map(({ kind, label }) => (
                  <button
                    key={kind}
                    type="button"
                    onClick={() => void app.runs.finetune(r.id, kind, app.experiment()?.finetuneSteps)}
                    disabled={!loaded || tuning(r.id) || (r.state !== 'done' && r.state !== 'stopped') || r.probe === null}
                    data-testid={`${kind}-${r.id}`}
                    aria-label={`${label} ${r.id} at every label budget`}
                  >
                    {finetunes[r.id]?.[kind]?.running ? `${label}… ${finetunes[r.id]![kind]!.points.length} of ${BUDGETS}` : label}
                  </button>
                ))}
                <button type="button" onClick={() => repeat(r.id)} disabled={!loaded || (r.seeds?.n ?? 1) >= REPEAT_SEEDS} data-testid={`repeat-${r.id}`} aria-label={`Repeat ${r.id} with ${REPEAT_SEEDS} seeds`}>
                  Repeat with {REPEAT_SEEDS} seeds
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
