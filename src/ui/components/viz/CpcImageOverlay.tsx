import type { CpcView } from '../../../core/methods/visualization';
import type { Position } from './cpcMath';
import { RgbaCanvas } from './RgbaCanvas';

const SIZE = 224; // display px

/** The image with its patch grid: rows the context has seen stay bright, the rest is dimmed, the target outlined. */
export function CpcImageOverlay({ view, pos }: { view: CpcView; pos: Position }) {
  const { grid, stride, patchSize: p } = view;
  const r = view.image.width;
  const seen = Math.min(r, pos.i * stride + p); // bottom edge of context row i
  const starts = Array.from({ length: grid }, (_, s) => s * stride);
  return (
    <div className="cpc-overlay" style={{ width: SIZE, height: SIZE }} data-testid="cpc-image">
      <RgbaCanvas image={view.image} size={SIZE} label="The image CPC is stepping through" />
      <svg viewBox={`0 0 ${r} ${r}`} width={SIZE} height={SIZE} aria-hidden="true">
        {starts.map((s) => (
          <g key={s} className="cpc-overlay__grid">
            <line x1={s} y1={0} x2={s} y2={r} />
            <line x1={0} y1={s} x2={r} y2={s} />
          </g>
        ))}
        <rect className="cpc-overlay__dim" x={0} y={seen} width={r} height={r - seen} />
        <rect className="cpc-overlay__context" x={pos.j * stride} y={pos.i * stride} width={p} height={p} />
        {pos.i + pos.k < grid && (
          <rect className="cpc-overlay__target" x={pos.j * stride} y={(pos.i + pos.k) * stride} width={p} height={p} />
        )}
      </svg>
    </div>
  );
}
