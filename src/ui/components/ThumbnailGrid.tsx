import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ImageSet } from '../../core/data/imageSet';
import { PixelCanvas } from './PixelCanvas';

const CELL = 44; // px per thumbnail cell, image drawn at 40 px
const COLUMNS = 10;

/** Every image of the dataset, virtualized by rows so 10,000+ images scroll smoothly. */
export function ThumbnailGrid({ set }: { set: ImageSet }) {
  const parent = useRef<HTMLDivElement>(null);
  const rows = Math.ceil(set.labels.length / COLUMNS);
  const virtual = useVirtualizer({ count: rows, getScrollElement: () => parent.current, estimateSize: () => CELL, overscan: 4 });
  return (
    <div ref={parent} className="thumbs" data-testid="thumbnail-grid" tabIndex={0} aria-label="Dataset images">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => (
          <div key={row.key} className="thumbs__row" style={{ transform: `translateY(${row.start}px)` }}>
            {Array.from({ length: COLUMNS }, (_, c) => row.index * COLUMNS + c)
              .filter((i) => i < set.labels.length)
              .map((i) => (
                <PixelCanvas key={i} set={set} index={i} size={CELL - 4} title={set.classNames[set.labels[i]] ?? 'unlabelled'} />
              ))}
          </div>
        ))}
      </div>
    </div>
  );
}
