/** The encoder's shape rules, free of TensorFlow.js: the models build with them, the exports (src/export) and the memory estimate read them. */

/** Groups of a group norm over `channels` (at most `groups`; the exports in src/export read the same rule). */
export function normGroups(channels: number, groups = 4): number {
  const g = Math.max(1, Math.min(groups, channels));
  if (channels % g !== 0) throw new Error(`GroupNorm: ${channels} channels not divisible by ${g} groups`);
  return g;
}

/** Spatial side after each encoder stage (the encoder max-pools by 2 between stages while the map is ≥ 2 px). */
export function encoderSizes(resolution: number, depth: number): number[] {
  const sizes = [resolution];
  for (let s = 1; s < depth; s++) {
    const prev = sizes[s - 1];
    sizes.push(prev >= 2 ? Math.floor(prev / 2) : prev);
  }
  return sizes;
}

/** The encoder's output channels (its last stage): the feature width a method's head reads. */
export const featureDim = ({ width, depth }: { width: number; depth: number }) => width * 2 ** (depth - 1);

/** The probe's feature width: every stage's channels (width, doubled each stage) joined. */
export const probeDim = ({ width, depth }: { width: number; depth: number }) => width * (2 ** depth - 1);
