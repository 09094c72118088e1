// What the wasm kernel tests (wasmCompare.ts, Node) and the threaded-kernel harness (e2e, a browser worker) share:
// seeded inputs and the error of a backend's result against the CPU reference. No test framework here.

/** Seeded values in [-1, 1): the same inputs on every backend (a 32-bit linear congruential generator). */
export function values(shape: number[], seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 4294967296) * 2 - 1;
  });
}

/** max |a − b| / max |b|: the error relative to the reference's scale (Infinity when the lengths differ). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0,
    scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-6);
}
