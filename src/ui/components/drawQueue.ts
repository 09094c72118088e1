/** Time one task may spend drawing before it lets the page handle input and paint. */
const BUDGET_MS = 8;

const queue = new Set<() => void>();
let scheduled = false;

/**
 * Run `draw` soon, in a task shared with other draws but never longer than ~8 ms: a grid of 100+
 * canvases mounting at once draws over several tasks instead of one long one. Returns a cancel function
 * (for an effect's cleanup).
 */
export function scheduleDraw(draw: () => void): () => void {
  queue.add(draw);
  if (!scheduled) {
    scheduled = true;
    setTimeout(drain);
  }
  return () => queue.delete(draw);
}

function drain(): void {
  const end = performance.now() + BUDGET_MS;
  for (const draw of queue) {
    queue.delete(draw);
    draw();
    if (performance.now() > end) break;
  }
  scheduled = queue.size > 0;
  if (scheduled) setTimeout(drain);
}
