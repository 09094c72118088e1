import type { CSSProperties } from 'react';
import { percent, type Position } from './cpcMath';

/** Positive-patch probability for every context position at the current k, from chance (1/N) to certain on a log scale. */
export function CpcHeatMap({
  cells,
  grid,
  total,
  pos,
  onPick,
}: {
  cells: (number | null)[];
  grid: number;
  total: number;
  pos: Position;
  onPick: (i: number, j: number) => void;
}) {
  const shade = (p: number) => Math.min(1, Math.max(0, Math.log(p * total) / Math.log(total)));
  return (
    <figure className="cpc-heat" data-testid="cpc-heatmap">
      <div className="cpc-heat__grid" style={{ gridTemplateColumns: `repeat(${grid}, 1fr)` }}>
        {cells.map((p, c) => {
          const i = Math.floor(c / grid);
          const j = c % grid;
          const current = i === pos.i && j === pos.j;
          return p === null ? (
            <span key={c} className="cpc-heat__cell cpc-heat__cell--blank" />
          ) : (
            <button
              key={c}
              type="button"
              tabIndex={-1}
              className={`cpc-heat__cell${current ? ' cpc-heat__cell--current' : ''}`}
              style={{ '--heat': shade(p) } as CSSProperties}
              title={`(${i}, ${j}): ${percent(p)}`}
              aria-label={`Context (${i}, ${j}): true patch ${percent(p)}`}
              onClick={() => onPick(i, j)}
            />
          );
        })}
      </div>
      <figcaption className="small muted">
        Probability of the true patch from each context position, k = {pos.k} (dark: chance, 1/{total}; bright: certain). Blank rows have
        nothing k rows below.
      </figcaption>
    </figure>
  );
}
