/**
 * A software 2D context. Small canvases drawn now and then need no GPU: an accelerated canvas is a
 * composited layer of its own, and a page of thumbnails made ~140 layers that every frame had to
 * paint and layerize (60–100 ms tasks on the main thread).
 */
export function context2d(canvas: HTMLCanvasElement | null | undefined): CanvasRenderingContext2D | null {
  return canvas?.getContext('2d', { willReadFrequently: true }) ?? null;
}
