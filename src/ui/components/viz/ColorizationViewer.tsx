import type { ColorizationView } from '../../../core/methods/visualization';
import { ImageTable } from './ImageTable';

/** The grey input, the colours the network predicts over it, and the real photo. */
export function ColorizationViewer({ view }: { view: ColorizationView }) {
  return (
    <div>
      <p className="muted small">The network sees only lightness; it has to guess the colours from what the object looks like.</p>
      <ImageTable
        testId="viz-colorization"
        columns={['Grayscale input', 'Predicted colours', 'Original']}
        rows={view.items.map((x) => [x.gray, x.predicted, x.original])}
      />
    </div>
  );
}
