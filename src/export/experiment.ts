import { strToU8, zipSync, type Zippable } from 'fflate';
import type { TrainConfig } from '../core/config';
import { catalog, type MethodId } from '../core/methods/catalog';
import type { Checkpoint } from '../core/train/types';
import { exportedNetwork, inputScaling, type Weight } from './network';
import pretextMethods from './python/pretext_methods.py?raw';
import pretextModel from './python/pretext_model.py?raw';
import pretextRun from './python/pretext_run.py?raw';
import projectReadme from './python/README.md?raw';
import trainPy from './python/train.py?raw';
import { encoderLayout } from './network';
import { torchStateDict, toSafetensors } from './safetensors';
import { TORCH_METHODS } from './torchMethods';


export interface ExperimentSource {
  runId: string;
  method: MethodId;
  config: TrainConfig;
  classNames: string[];
  checkpoint: Checkpoint | null; // the run's last weights (weights.safetensors, for train.py --init)
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
  };
}

/** The checkpoint in pretext_methods.py's state-dict names: the encoder, then the MLP head's (kernel, bias) pairs. */
export function methodStateDict(src: ExperimentSource & { checkpoint: Checkpoint }): Record<string, Weight> {
  const out = torchStateDict(exportedNetwork(src.runId, src.method, src.config, src.checkpoint));
  const head = Object.entries(src.checkpoint.weights)
    .filter(([, w]) => !w.name?.startsWith('encoder/'))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, w]) => w);
  for (let j = 0; j + 1 < head.length; j += 2) {
    const [kernel, bias] = [head[j], head[j + 1]];
    if (kernel.shape.length !== 2 || bias.shape.length !== 1) throw new Error(`The ${src.method} head's weights are not dense layers.`);
    const [cin, cout] = kernel.shape;
    const transposed = new Float32Array(cin * cout);
    for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) transposed[o * cin + i] = kernel.values[i * cout + o];
    out[`head.layers.${j / 2}.weight`] = { shape: [cout, cin], values: transposed };
    out[`head.layers.${j / 2}.bias`] = { shape: bias.shape, values: bias.values };
  }
  return out;
}

/**
 * A self-contained PyTorch project for the run: train.py (DDP), the method and encoder in PyTorch, experiment.json
 * (recipe and seed) and, with a checkpoint, weights.safetensors. Throws for a method that has no PyTorch port.
 */
export function experimentZip(src: ExperimentSource): Uint8Array {
  if (!TORCH_METHODS.includes(src.method)) throw new Error(`${catalog[src.method].label} has no PyTorch port yet; the PyTorch project covers ${TORCH_METHODS.map((m) => catalog[m].label).join(', ')}.`);
  const files: Zippable = {
    'README.md': strToU8(projectReadme),
    'train.py': strToU8(trainPy),
    'pretext_model.py': strToU8(pretextModel),
    'pretext_methods.py': strToU8(pretextMethods),
    'pretext_run.py': strToU8(pretextRun),
    'experiment.json': strToU8(JSON.stringify(experimentJson(src), null, 1)),
  };
  if (src.checkpoint) files['weights.safetensors'] = toSafetensors(methodStateDict({ ...src, checkpoint: src.checkpoint }), { run_id: src.runId, step: String(src.checkpoint.step) });
  return zipSync({ [`pretext-${src.runId}`]: files }, { level: 6 });
}
