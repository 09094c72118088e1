import { memo, useState, type ReactNode } from 'react';
import { errorMessage } from '../../../core/errors';
import { app } from '../../state/app';
import { evalDefaults } from '../../../core/config';
import { reportError, useStore } from '../../state/store';
import { formatDuration, formatMetric, metricLabel } from '../format';
import { Accuracy } from './Accuracy';
import { COLUMNS, sortRows, type Column, type ColumnKey, type CompareRow, type SortDir } from './compareRows';

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
  peak: (r) => <Accuracy value={r.peak} at={r.peak ? (r.peak.perClass === 'all' ? 'all' : `${r.peak.perClass}/class`) : undefined} />,
};

interface Props {
  rows: CompareRow[];
  best: Record<ColumnKey, string[]>; // the rows each column marks best (compareRows.bestByColumn)
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

/** The order a header click sorts by: the other way round on the sorted column, else best first. */
const nextSort = (c: Column, s: { key: ColumnKey; dir: SortDir } | null) =>
  ({
    key: c.key,
    dir:
      s?.key === c.key
        ? s.dir === 'ascending'
          ? 'descending'
          : 'ascending'
        : c.better === 'low' || !c.better
          ? 'ascending'
          : 'descending',
  }) as const;

/** Every run's numbers side by side; click a header to sort; a column's best value stands out where it is clearly best. */
export const CompareTable = memo(function CompareTable({ rows, best, colors, reason, loaded }: Props) {
  const [sort, setSort] = useState<{ key: ColumnKey; dir: SortDir } | null>(null);
  const hidden = (['cv', 'finetune', 'semi'] as const).filter((k) => !rows.some((r) => r[k]));
  const columns = COLUMNS.filter((c) => !(hidden as ColumnKey[]).includes(c.key));
  const shown = sort
    ? sortRows(
        rows,
        COLUMNS.find((c) => c.key === sort.key)!,
        sort.dir,
      )
    : rows;

  return (
    <div className="compare-table__wrap">
      <table className="compare-table" data-testid="compare-table">
        <caption className="visually-hidden">
          Every run compared; a column's best value is marked “best” where it is clearly ahead of every other run (a paired test on the same
          test images, 95 %).
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort?.key === c.key ? sort.dir : 'none'}>
                <button
                  type="button"
                  className="compare-table__sort"
                  onClick={() => setSort((s) => nextSort(c, s))}
                  data-testid={`sort-${c.key}`}
                >
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
            <CompareTableRow key={r.id} row={r} columns={columns} best={best} colors={colors} reason={reason} loaded={loaded} />
          ))}
        </tbody>
      </table>
      <p className="muted small">
        A value is marked best only where it is clearly ahead of every other run: a paired test on the same test images, at 95 %.
      </p>
    </div>
  );
});

/** One run's row: a cell per shown column (its best value marked), then its buttons. */
function CompareTableRow({ row: r, columns, best, colors, reason, loaded }: Omit<Props, 'rows'> & { row: CompareRow; columns: Column[] }) {
  return (
    <tr data-testid={`compare-row-${r.id}`} data-state={r.state}>
      {columns.map((c) => {
        const isBest = best[c.key].includes(r.id);
        const title = (c.key === 'probe' || c.key === 'knn') && r[c.key] === null && reason ? reason : undefined;
        return (
          <td
            key={c.key}
            className={`${c.key === 'method' ? '' : 'mono'}${isBest ? ' compare-table__best' : ''}`}
            data-testid={cellTestId(c.key, r.id)}
            title={title}
          >
            {c.key === 'method' && <span className="swatch" style={{ background: colors[r.id] }} aria-hidden="true" />}
            {CELL[c.key](r)}
            {isBest && <span className="visually-hidden"> (best)</span>}
          </td>
        );
      })}
      <td>
        <RowActions row={r} loaded={loaded} />
      </td>
    </tr>
  );
}

/** A row's buttons: probe now, fine-tune (plain and semi-supervised) at every label budget, repeat with more seeds. */
function RowActions({ row: r, loaded }: { row: CompareRow; loaded: boolean }) {
  const [probing, setProbing] = useState(false);
  const tuned = useStore((s) => s.finetunes[r.id]);
  const tuning = Object.values(tuned ?? {}).some((f) => f?.running);
  const probe = () => {
    setProbing(true);
    app.runs
      .evaluate(r.id)
      .catch((e: unknown) => reportError(`Could not probe ${r.id}: ${errorMessage(e)}`))
      .finally(() => setProbing(false));
  };
  const repeat = () =>
    void app.runs.repeat(r.id, REPEAT_SEEDS).catch((e: unknown) => reportError(`Could not repeat ${r.id}: ${errorMessage(e)}`));

  return (
    <>
      <button
        type="button"
        onClick={probe}
        disabled={!loaded || probing || r.state === 'error'}
        data-testid={`probe-now-${r.id}`}
        aria-label={`Probe ${r.id} now`}
      >
        {probing ? 'Probing…' : 'Probe now'}
      </button>
      {FINETUNES.map(({ kind, label }) => (
        <button
          key={kind}
          type="button"
          onClick={() => void app.runs.finetune(r.id, kind, app.experiment()?.finetuneSteps)}
          disabled={!loaded || tuning || (r.state !== 'done' && r.state !== 'stopped') || r.probe === null}
          data-testid={`${kind}-${r.id}`}
          aria-label={`${label} ${r.id} at every label budget`}
        >
          {tuned?.[kind]?.running ? `${label}… ${tuned[kind].points.length} of ${BUDGETS}` : label}
        </button>
      ))}
      <button
        type="button"
        onClick={repeat}
        disabled={!loaded || (r.seeds?.n ?? 1) >= REPEAT_SEEDS}
        data-testid={`repeat-${r.id}`}
        aria-label={`Repeat ${r.id} with ${REPEAT_SEEDS} seeds`}
      >
        Repeat with {REPEAT_SEEDS} seeds
      </button>
    </>
  );
}
