import { useEffect, useRef } from 'react';
import type { ImageSet } from '../../core/data/imageSet';
import { context2d } from './canvas2d';
import { scheduleDraw } from './drawQueue';

/** Draws image `index` of an ImageSet (RGB bytes) on a canvas, scaled with crisp pixels. */
export function PixelCanvas({ set, index, size, title }: { set: ImageSet; index: number; size: number; title: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(
    () =>
      scheduleDraw(() => {
        const ctx = context2d(ref.current);
        if (!ctx) return;
        const r = set.resolution;
        const img = ctx.createImageData(r, r);
        const out = img.data; // read the DOM getter once, not four times a pixel (it dominated the dataset's first render)
        const base = index * r * r * 3;
        for (let p = 0; p < r * r; p++) {
          out[p * 4] = set.pixels[base + p * 3];
          out[p * 4 + 1] = set.pixels[base + p * 3 + 1];
          out[p * 4 + 2] = set.pixels[base + p * 3 + 2];
          out[p * 4 + 3] = 255;
        }
        ctx.putImageData(img, 0, 0);
      }),
    [set, index],
  );
  return (
    <canvas
      ref={ref}
      width={set.resolution}
      height={set.resolution}
      style={{ width: size, height: size }}
      title={title}
      role="img"
      aria-label={title}
    />
  );
}
