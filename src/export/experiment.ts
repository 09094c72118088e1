import { strToU8, zipSync, type Zippable } from 'fflate';
import type { TrainConfig } from '../core/config';
import { catalog, type MethodId } from '../core/methods/catalog';
import type { Checkpoint } from '../core/train/types';
import { inputScaling } from './network';
import pretextMethods from './python/pretext_methods.py?raw';
import pretextModel from './python/pretext_model.py?raw';
import pretextRun from './python/pretext_run.py?raw';
import projectReadme from './python/README.md?raw';
import trainPy from './python/train.py?raw';
import { encoderLayout } from './network';
import { toSafetensors } from './safetensors';
import { TORCH_METHODS } from './torchMethods';

export interface ExperimentSource {
  runId: string;
  method: MethodId;
  config: TrainConfig;
  classNames: string[];
  checkpoint: Checkpoint | null; // the run's last weights (weights.safetensors, for train.py --init)
  state?: Record<string, unknown>; // what the method drew beyond its weights (MethodModel.exportState; jigsaw needs it)
}

/** What train.py reads: the method, the recipe (settings and seed), the encoder's layout, the method's param defaults. */
export function experimentJson(src: ExperimentSource): Record<string, unknown> {
  const paramDefaults = Object.fromEntries(catalog[src.method].params.map((p) => [p.key, p.default]));
  return {
    format: 'pretext-experiment',
    version: 1,
    runId: src.runId,
    method: src.method,
    config: src.config,
    architecture: { scaling: inputScaling[src.method], resolution: src.config.resolution, stages: encoderLayout(src.config) },
    paramDefaults,
    classNames: src.classNames,
    state: src.state ?? {},
  };
}

/** The checkpoint as the lab holds it (names, TensorFlow.js layouts) and `order`, its names by position: pretext_run.py's load_lab_weights. */
export function labWeights(cp: Checkpoint): Uint8Array {
  const entries = Object.entries(cp.weights)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([i, w]) => [w.name ?? `head/${i}`, w] as const);
  return toSafetensors(Object.fromEntries(entries), {
    run_id: cp.runId,
    step: String(cp.step),
    order: JSON.stringify(entries.map(([name]) => name)),
  });
}

/**
 * A self-contained PyTorch project for the run: train.py (DDP), the method and encoder in PyTorch, experiment.json
 * (recipe and seed) and, with a checkpoint, weights.safetensors. Throws for a method that has no PyTorch port.
 */
export function experimentZip(src: ExperimentSource): Uint8Array {
  if (!TORCH_METHODS.includes(src.method))
    throw new Error(
      `${catalog[src.method].label} has no PyTorch port yet; the PyTorch project covers ${TORCH_METHODS.map((m) => catalog[m].label).join(', ')}.`,
    );
  const files: Zippable = {
    'README.md': strToU8(projectReadme),
    'train.py': strToU8(trainPy),
    'pretext_model.py': strToU8(pretextModel),
    'pretext_methods.py': strToU8(pretextMethods),
    'pretext_run.py': strToU8(pretextRun),
    'experiment.json': strToU8(JSON.stringify(experimentJson(src), null, 1)),
  };
  if (src.checkpoint) files['weights.safetensors'] = labWeights(src.checkpoint);
  return zipSync({ [`pretext-${src.runId}`]: files }, { level: 6 });
}
