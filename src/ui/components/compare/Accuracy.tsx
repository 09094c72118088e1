import { pct } from '../chart/ticks';
import type { Estimate } from './compareData';
import type { CompareRow } from './compareRows';

/** An accuracy (at a label budget, for a sweep's point), its 95 % interval beside it (none when the images behind it are unknown). */
export function Accuracy({
  value,
  seeds,
  at,
  items = 'images',
}: {
  value: Estimate | null;
  seeds?: CompareRow['seeds'];
  at?: string;
  items?: string; // what the interval is over
}) {
  if (!value) return <>—</>;
  return (
    <>
      {pct(value.accuracy)}
      {at && ` @ ${at}`}
      {value.n > 0 && (
        <span className="compare-table__ci" title={`95 % interval on ${value.n.toLocaleString('en-US')} ${items} (Wilson)`}>
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
