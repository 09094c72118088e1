import { memo } from 'react';
import type { RunEvaluation } from '../../../core/train/types';
import { useStore } from '../../state/store';
import { seriesColor } from '../chart/theme';
import { ProjectionScatter } from './ProjectionScatter';

/** One empty list: a selector that returned a new [] each call would re-render forever (React error #185). */
const NO_CLASSES: string[] = [];

/**
 * Small multiples: each run's latest 2-D PCA of the held-out features beside their UMAP, with one class legend for all.
 * PCA keeps distances (spread along the two widest directions); UMAP keeps neighbourhoods, so clusters PCA flattens show.
 */
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
      <p className="muted small">
        Each dot is a held-out image. PCA (left of each pair) keeps distances along the features’ two widest directions; UMAP (right) keeps
        each image’s nearest neighbours together, so groups that PCA flattens show as separate clusters — but UMAP’s distances between
        clusters mean little. UMAP is seeded: the same run always draws the same picture.
      </p>
      <div className="projection-grid">
        {latest.map((ev) => {
          const common = { title: ev.runId, step: ev.step, indices: ev.projection.indices, labels, labelled };
          const umap = ev.projection.umap;
          return (
            <div key={ev.runId} className="projection-pair">
              <ProjectionScatter {...common} kind="PCA" points={ev.projection.points} />
              {umap ? (
                <ProjectionScatter {...common} kind="UMAP" points={umap} />
              ) : (
                <p className="muted small projection-pair__none">
                  {umap === null
                    ? 'Too few test images for UMAP.'
                    : 'No UMAP: this run was evaluated before UMAP was added. “Probe now” adds it.'}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
