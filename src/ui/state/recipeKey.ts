import type { RunStatus } from '../../core/train/types';

/** Runs of one recipe: the same method and settings but the seed (their probes are one figure with a spread). */
export const recipeKey = (r: Pick<RunStatus, 'method' | 'config'>) => `${r.method}\n${JSON.stringify({ ...r.config, seed: 0 })}`;
