/**
 * A software 2D context. Small canvases drawn now and then need no GPU: an accelerated canvas is a
 * composited layer of its own, and a page of thumbnails made ~140 layers that every frame had to
 * paint and layerize (60–100 ms tasks on the main thread).
 */
export function context2d(canvas: HTMLCanvasElement | null | undefined): CanvasRenderingContext2D | null {
  return canvas?.getContext('2d', { willReadFrequently: true }) ?? null;
}

/**
 * Draws one pixel on a software canvas when the page is idle, and returns a cancel function (an effect).
 * A page's first software raster sets up state that took 30–100 ms on a busy machine (measured: the first
 * thumbnail drawn after an ingest); done early and idle, it costs a few ms and every later draw stays under 3 ms.
 */
export function warmSoftwareCanvas(): () => void {
  const warm = () => {
    const ctx = context2d(document.createElement('canvas'));
    ctx?.putImageData(ctx.createImageData(1, 1), 0, 0);
  };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(warm);
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(warm, 1000);
  return () => clearTimeout(id);
}
