import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../../../core/methods/visualization';
import { context2d } from '../canvas2d';
import { scheduleDraw } from '../drawQueue';

/** Draws an RgbaImage at its own resolution, scaled by CSS to `size` px with crisp pixels. */
export function RgbaCanvas({ image, size, label, className }: { image: RgbaImage; size: number; label: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(
    () =>
      scheduleDraw(() => {
        const ctx = context2d(ref.current);
        if (!ctx) return;
        const data = ctx.createImageData(image.width, image.height);
        data.data.set(image.data);
        ctx.putImageData(data, 0, 0);
      }),
    [image],
  );
  const height = (size * image.height) / image.width;
  return (
    <canvas
      ref={ref}
      width={image.width}
      height={image.height}
      className={`pixelated viz-canvas ${className ?? ''}`}
      style={{ width: size, height }}
      role="img"
      aria-label={label}
      title={label}
    />
  );
}
