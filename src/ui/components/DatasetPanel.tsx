import { useDeferredValue, useEffect } from 'react';
import { useStore } from '../state/store';
import { useTextStore } from '../state/textDatasets';
import { warmSoftwareCanvas } from './canvas2d';
import { DatasetLoader } from './DatasetLoader';
import { DatasetSummary } from './DatasetSummary';
import { IngestProgress, PoolProgress } from './IngestProgress';
import { RejectedList } from './RejectedList';
import { TextDatasetView } from './text/TextDatasetView';
import { ThumbnailGrid } from './ThumbnailGrid';

export function DatasetPanel() {
  const text = useTextStore((s) => s.text !== null || s.loading !== null);
  useEffect(warmSoftwareCanvas, []); // before the thumbnails' first draw
  return (
    <section className="panel" aria-labelledby="dataset-heading" data-testid="dataset-panel">
      <h2 id="dataset-heading">Dataset</h2>
      <DatasetLoader />
      <IngestProgress />
      <PoolProgress />
      {text ? <TextDatasetView /> : <ImageDataset />}
    </section>
  );
}

function ImageDataset() {
  const dataset = useStore((s) => s.dataset);
  const images = useDeferredValue(useStore((s) => s.images)); // the thumbnail grid mounts in a background render
  return (
    <>
      {dataset ? <DatasetSummary info={dataset} /> : <p className="muted">Loading the sample dataset…</p>}
      {dataset && dataset.rejected.length > 0 && <RejectedList rejected={dataset.rejected} />}
      {images && images.labels.length > 0 && <ThumbnailGrid set={images} />}
    </>
  );
}
