import type { ReconstructionView } from '../../../core/methods/visualization';
import { ImageTable } from './ImageTable';

/** What the autoencoder was given, what it rebuilt through its bottleneck, and the original. */
export function ReconstructionViewer({ view }: { view: ReconstructionView }) {
  return (
    <div>
      <p className="muted small">The image is squeezed through a small code and rebuilt; blur shows what the code throws away.</p>
      <ImageTable
        testId="viz-reconstruction"
        columns={['Input', 'Reconstruction', 'Original']}
        rows={view.items.map((x) => [x.input, x.output, x.original])}
      />
    </div>
  );
}
