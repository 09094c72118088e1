import type { RgbaImage } from '../../../core/methods/visualization';
import { RgbaCanvas } from './RgbaCanvas';

/** The encoder's first-layer filters, each rescaled to [0, 1]: edges and colour blobs appear as it learns. */
export function FilterGrid({ filters }: { filters: RgbaImage[] }) {
  if (filters.length === 0) return null;
  return (
    <figure className="viz-filters" data-testid="viz-filters">
      <figcaption>First-layer filters ({filters.length}, each rescaled to its own range)</figcaption>
      <div className="viz-filters__grid">
        {filters.map((f, i) => (
          <RgbaCanvas key={i} image={f} size={28} label={`Filter ${i + 1}`} />
        ))}
      </div>
    </figure>
  );
}
