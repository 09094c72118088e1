import { memo } from 'react';
import type { RunEvaluation } from '../../../core/train/types';
import { useStore } from '../../state/store';
import { seriesColor } from '../chart/theme';
import { ProjectionScatter } from './ProjectionScatter';

/** One empty list: a selector that returned a new [] each call would re-render forever (React error #185). */
const NO_CLASSES: string[] = [];

/** Small multiples: each run's latest 2-D PCA of the held-out features, with one class legend for all. */
export const ProjectionGrid = memo(function ProjectionGrid({ latest }: { latest: RunEvaluation[] }) {
  const classes = useStore((s) => s.dataset?.classes ?? NO_CLASSES);
  const labels = useStore((s) => s.images?.labels ?? null);
  if (!labels || latest.length === 0) return <p className="muted small">The projections appear after each run's first evaluation.</p>;
  const labelled = classes.length >= 2;
  return (
    <div data-testid="projection-grid">
      {labelled ? (
        <ul className="compare-legend" aria-label="Classes">
          {classes.map((c, k) => (
            <li key={c}>
              <span className="swatch" style={{ background: seriesColor(k) }} aria-hidden="true" />
              {c}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No labels: every image is drawn in one colour; clusters still show what the encoder groups together.</p>
      )}
      <div className="projection-grid">
        {latest.map((ev) => (
          <ProjectionScatter key={ev.runId} title={ev.runId} step={ev.step} projection={ev.projection} labels={labels} labelled={labelled} />
        ))}
      </div>
    </div>
  );
});
