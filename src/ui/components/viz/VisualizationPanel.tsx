import { useDeferredValue } from 'react';
import type { MethodView } from '../../../core/methods/visualization';
import { useVisualization } from '../../hooks/useVisualization';
import { ClassificationViewer } from './ClassificationViewer';
import { ColorizationViewer } from './ColorizationViewer';
import { ContrastiveViewer } from './ContrastiveViewer';
import { CpcStepper } from './CpcStepper';
import { FilterGrid } from './FilterGrid';
import { JigsawViewer } from './JigsawViewer';
import { ReconstructionViewer } from './ReconstructionViewer';
import { RotationViewer } from './RotationViewer';

function MethodViewer({ view }: { view: MethodView }) {
  switch (view.kind) {
    case 'rotation':
      return <RotationViewer view={view} />;
    case 'jigsaw':
      return <JigsawViewer view={view} />;
    case 'colorization':
      return <ColorizationViewer view={view} />;
    case 'reconstruction':
      return <ReconstructionViewer view={view} />;
    case 'classification':
      return <ClassificationViewer view={view} />;
    case 'cpc':
      return <CpcStepper view={view} />;
    case 'contrastive':
      return <ContrastiveViewer view={view} />;
    case 'none':
      return <p className="muted small">This method has no task of its own to show; its filters are below.</p>;
  }
}

/** What a run's network does right now on held-out images, refreshed while it trains, plus its first-layer filters. */
export function VisualizationPanel({ runId }: { runId: string }) {
  const latest = useVisualization(runId);
  const { error, refresh } = latest;
  const viz = useDeferredValue(latest.viz); // a new picture (every ~3 s while training) renders in the background, in slices
  return (
    <section className="viz" aria-label={`What ${runId} sees`} data-testid={`viz-${runId}`} data-kind={viz?.view.kind ?? ''}>
      <div className="viz__head">
        <h3>What the network sees</h3>
        <button type="button" className="link-button" onClick={refresh}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="viz__error" role="alert">
          Could not draw the visualization: {error}
        </p>
      )}
      {viz ? (
        <>
          <MethodViewer view={viz.view} />
          <FilterGrid filters={viz.filters} />
        </>
      ) : (
        !error && <p className="muted small">Drawing…</p>
      )}
    </section>
  );
}
