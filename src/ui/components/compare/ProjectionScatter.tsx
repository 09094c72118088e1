import { useEffect, useRef } from 'react';
import type { Projection } from '../../../core/eval/evaluate';
import { seriesColor } from '../chart/theme';
import { context2d } from '../canvas2d';

const SIZE = 200; // CSS px of each small multiple
const PAD = 8;
const UNLABELLED = '#8a8f98';

export type ProjectionKind = 'PCA' | 'UMAP';

interface Props {
  title: string; // the run id
  step: number; // the step the encoder was evaluated at
  kind: ProjectionKind;
  indices: Projection['indices'];
  points: Float32Array; // [n·2] the kind's coordinates of each image in `indices`
  labels: Int32Array; // class per dataset image, -1 unlabelled; projection.indices index into it
  labelled: boolean; // false: one colour for every point
}

/** One run's test features in 2-D (first two principal components, or UMAP), a dot per image coloured by class. */
export function ProjectionScatter({ title, step, kind, indices, points, labels, labelled }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = indices.length;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = context2d(canvas);
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = SIZE * dpr;
    canvas.height = SIZE * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, points[2 * i]);
      x1 = Math.max(x1, points[2 * i]);
      y0 = Math.min(y0, points[2 * i + 1]);
      y1 = Math.max(y1, points[2 * i + 1]);
    }
    // one scale for both axes keeps the distances honest
    const span = Math.max(x1 - x0, y1 - y0, 1e-9);
    const scale = (SIZE - 2 * PAD) / span;
    const ox = PAD + (SIZE - 2 * PAD - (x1 - x0) * scale) / 2;
    const oy = PAD + (SIZE - 2 * PAD - (y1 - y0) * scale) / 2;
    ctx.globalAlpha = 0.75;
    for (let i = 0; i < n; i++) {
      const label = labels[indices[i]];
      ctx.fillStyle = labelled && label >= 0 ? seriesColor(label) : UNLABELLED;
      ctx.beginPath();
      ctx.arc(ox + (points[2 * i] - x0) * scale, SIZE - oy - (points[2 * i + 1] - y0) * scale, 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }, [indices, points, labels, labelled, n]);
  return (
    <figure className="projection" data-testid={`${kind === 'PCA' ? 'projection' : 'umap'}-${title}`} data-points={n}>
      <canvas
        ref={ref}
        style={{ width: SIZE, height: SIZE }}
        role="img"
        aria-label={`${title}: ${kind} of ${n} held-out images' features${labelled ? ', coloured by class' : ''}`}
      />
      <figcaption className="small">
        <span className="mono">{title}</span>{' '}
        <span className="muted">
          · {kind} · step {step.toLocaleString()}
        </span>
      </figcaption>
    </figure>
  );
}
