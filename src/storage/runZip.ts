import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Checkpoint, CurvePoint } from '../core/train/types';
import { isTextRecord, type SavedRun, type SavedTextRun } from './db';

/** A run as it travels in a zip: its record and its last checkpoint (null: none was taken). */
export interface RunBundle {
  run: SavedRun;
  checkpoint: Checkpoint | null;
}

/** A text run and its encoder weights (null: none were kept). */
export interface TextRunBundle {
  run: SavedTextRun;
  checkpoint: Checkpoint | null;
}

/** What the `runs` store and a zip hold: image runs and text runs. */
export type AnyBundle = RunBundle | TextRunBundle;
export const isTextBundle = (b: AnyBundle): b is TextRunBundle => isTextRecord(b.run);

export const RUN_FORMAT = 'pretext-run';
export const TEXT_RUN_FORMAT = 'pretext-text-run';
export const RUN_FILES = ['config.json', 'metrics.csv', 'curves.json', 'evaluation.json', 'model.json', 'weights.bin'] as const;

/** One row per curve point: step, loss, lr, then every metric the run reports (sorted by name). */
export function metricsCsv(curves: CurvePoint[]): string {
  const names = [...new Set(curves.flatMap((p) => Object.keys(p.metrics)))].sort();
  const rows = curves.map((p) => [p.step, p.loss, p.lr, ...names.map((n) => p.metrics[n] ?? '')].join(','));
  return [['step', 'loss', 'lr', ...names].join(','), ...rows].join('\n') + '\n';
}

/** The weights in TensorFlow.js' format: model.json with a weightsManifest, one float32 weights.bin. */
export function tfjsWeights(cp: Checkpoint, metadata: Record<string, unknown>): { modelJson: string; bin: Uint8Array } {
  const entries = Object.keys(cp.weights)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => cp.weights[k]);
  const total = entries.reduce((n, w) => n + w.values.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const w of entries) {
    all.set(w.values, at);
    at += w.values.length;
  }
  const manifest = [
    { paths: ['weights.bin'], weights: entries.map((w, i) => ({ name: w.name ?? `weight/${i}`, shape: w.shape, dtype: 'float32' })) },
  ];
  // no modelTopology: the encoder is a plain variable store (tf.io.loadWeights / decodeWeights read it)
  const modelJson = JSON.stringify(
    {
      format: 'pretext-encoder',
      generatedBy: 'Pretext',
      convertedBy: null,
      modelTopology: null,
      weightsManifest: manifest,
      userDefinedMetadata: { ...metadata, step: cp.step },
    },
    null,
    1,
  );
  return { modelJson, bin: new Uint8Array(all.buffer) };
}

/** Typed arrays become plain arrays (JSON has no typed arrays; NaN becomes null). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v),
    1,
  );
}

/** A folder name that is safe in every zip tool. */
export function folderName(id: string): string {
  return id.replace(/[^\w.-]/g, '_').slice(0, 100) || 'run';
}

/** A text run's folder: config.json (status with its result, dataset), curves.json (step and loss) and (with weights) model.json + weights.bin. */
function textRunFolder({ run, checkpoint }: TextRunBundle): Zippable {
  const { id, status, dataset, savedAt } = run;
  const config = {
    format: TEXT_RUN_FORMAT,
    version: 1,
    id,
    method: status.method,
    status,
    dataset,
    checkpointStep: checkpoint?.step ?? null,
    savedAt,
  };
  const dir: Zippable = { 'config.json': strToU8(toJson(config)) };
  if (run.curve) dir['curves.json'] = strToU8(toJson(run.curve));
  if (checkpoint) {
    const { modelJson, bin } = tfjsWeights(checkpoint, { method: status.method, runId: id, modality: 'text' });
    dir['model.json'] = strToU8(modelJson);
    dir['weights.bin'] = [bin, { level: 1 }];
  }
  return dir;
}

/**
 * One folder per run: config.json, metrics.csv, curves.json, evaluation.json and (with a checkpoint) model.json +
 * weights.bin; a text run's folder holds config.json, curves.json and its weights.
 */
export function runsToZip(bundles: AnyBundle[]): Uint8Array {
  const files: Zippable = {};
  for (const b of bundles) {
    if (isTextBundle(b)) {
      files[folderName(b.run.id)] = textRunFolder(b);
      continue;
    }
    const { run, checkpoint } = b;
    const { id, name, status, dataset, savedAt, curves, evaluations } = run;
    const config = {
      format: RUN_FORMAT,
      version: 1,
      id,
      name,
      method: status.method,
      seed: status.config.seed,
      config: status.config,
      status,
      dataset,
      checkpointStep: checkpoint?.step ?? null,
      savedAt,
    };
    const dir: Zippable = {
      'config.json': strToU8(toJson(config)),
      'metrics.csv': strToU8(metricsCsv(curves)),
      'curves.json': strToU8(toJson(curves)),
      'evaluation.json': strToU8(toJson(evaluations)),
    };
    if (checkpoint) {
      const { modelJson, bin } = tfjsWeights(checkpoint, {
        method: run.status.method,
        runId: run.id,
        width: run.status.config.width,
        depth: run.status.config.depth,
      });
      dir['model.json'] = strToU8(modelJson);
      dir['weights.bin'] = [bin, { level: 1 }];
    }
    files[folderName(run.id)] = dir;
  }
  return zipSync(files, { level: 6 });
}
