import { strFromU8, unzipSync } from 'fflate';
import { defaultConfig } from '../core/config';
import { isMethodId, isTextMethodId } from '../core/methods/catalog';
import { isRunState } from '../core/train/runState';
import type { Checkpoint, CurvePoint, LossPoint, RunEvaluation, RunStatus } from '../core/train/types';
import type { SweepPoint } from '../core/eval/evaluate';
import type { TextAccuracy, TextRunResult, TextRunStatus } from '../worker/textContract';
import type { SavedRun, SavedTextRun } from './db';
import { RUN_FILES, RUN_FORMAT, TEXT_RUN_FORMAT, type AnyBundle, type TextRunBundle } from './runZip';

/** Size limits of an imported zip (a guard against zip bombs and files that are not ours). */
export const IMPORT_LIMITS = { zipBytes: 512 * 2 ** 20, fileBytes: 256 * 2 ** 20, totalBytes: 512 * 2 ** 20, runs: 200 };

/** Every numeric TrainConfig field (taken from the defaults, so a new setting is checked too). */
const NUMBER_FIELDS = Object.keys(defaultConfig).filter((k) => typeof defaultConfig[k as keyof typeof defaultConfig] === 'number');

class ImportError extends Error {}

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new ImportError(what);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min = 0): v is number => Number.isInteger(v) && (v as number) >= min;

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw new ImportError(`${file} is not valid JSON`);
  }
}

function validStatus(s: unknown, id: string): RunStatus {
  check(isObj(s), 'config.json has no status');
  check(s.id === id && isMethodId(s.method), `unknown method "${String(s.method)}"`);
  check(isRunState(s.state), `unknown run state "${String(s.state)}"`);
  check(isInt(s.step) && isInt(s.steps) && isNum(s.imagesPerSec) && isNum(s.elapsedMs), 'the status has invalid numbers');
  check(s.loss === null || isNum(s.loss), 'the status loss is not a number');
  check(isObj(s.metrics) && Object.values(s.metrics).every(isNum), 'the status metrics are not numbers');
  const cfg = s.config;
  check(isObj(cfg) && NUMBER_FIELDS.every((k) => isNum(cfg[k])) && isObj(cfg.params), 'config.json has an invalid training config');
  return s as unknown as RunStatus;
}

/** curves.json: points with a whole step and a loss, each also passing `ok` (an image run's have its lr and metrics too). */
function validCurve<P extends LossPoint>(v: unknown, ok: (p: Record<string, unknown>) => boolean = () => true): P[] {
  check(Array.isArray(v), 'curves.json is not a list');
  for (const p of v) check(isObj(p) && isInt(p.step) && isNum(p.loss) && ok(p), 'curves.json has an invalid point');
  return v as P[];
}

const validCurves = (v: unknown) =>
  validCurve<CurvePoint>(v, (p) => isNum(p.lr) && isObj(p.metrics) && Object.values(p.metrics).every(isNum));

/** Evaluations come back with their typed arrays (JSON wrote them as lists; NaN recall as null). */
function validEvaluations(v: unknown, id: string): RunEvaluation[] {
  check(Array.isArray(v), 'evaluation.json is not a list');
  return v.map((e) => {
    check(isObj(e) && isInt(e.step) && isObj(e.projection), 'evaluation.json has an invalid entry');
    const p = e.projection as Record<string, unknown>;
    check(
      Array.isArray(p.indices) && Array.isArray(p.points) && p.points.every(isNum) && p.indices.every((i) => isInt(i)),
      'evaluation.json has an invalid projection',
    );
    check(
      p.umap === undefined || p.umap === null || (Array.isArray(p.umap) && p.umap.every(isNum)),
      'evaluation.json has an invalid UMAP projection',
    );
    const umap = p.umap === undefined ? {} : { umap: Array.isArray(p.umap) ? Float32Array.from(p.umap as number[]) : null };
    const result = (r: unknown) =>
      isObj(r) && Array.isArray(r.perClass) ? withBits({ ...r, perClass: r.perClass.map((x) => (x === null ? NaN : x)) }) : r;
    const sweep = Array.isArray(e.sweep) ? { sweep: e.sweep.map(withBits) } : {};
    const cv = isObj(e.cv) ? { cv: withBits(e.cv) } : {};
    return {
      ...e,
      runId: id,
      probe: result(e.probe),
      knn: result(e.knn),
      ...sweep,
      ...cv,
      projection: { indices: Int32Array.from(p.indices as number[]), points: Float32Array.from(p.points as number[]), ...umap },
    } as unknown as RunEvaluation;
  });
}

/** A result's per-image `correct` list back as the Uint8Array of 0s and 1s it was. */
function withBits(r: unknown): unknown {
  if (!isObj(r) || r.correct === undefined) return r;
  check(
    Array.isArray(r.correct) && r.correct.every((x) => x === 0 || x === 1),
    'evaluation.json has an invalid list of correct predictions',
  );
  return { ...r, correct: Uint8Array.from(r.correct as number[]) };
}

function validCheckpoint(model: unknown, bin: Uint8Array, id: string, step: number): Checkpoint {
  check(isObj(model) && Array.isArray(model.weightsManifest) && model.weightsManifest.length === 1, 'model.json has no weights manifest');
  const group = model.weightsManifest[0] as Record<string, unknown>;
  check(
    Array.isArray(group.weights) && Array.isArray(group.paths) && group.paths.join() === 'weights.bin',
    'model.json must point at weights.bin',
  );
  const weights: Checkpoint['weights'] = {};
  const floats = new Float32Array(bin.slice().buffer, 0, Math.floor(bin.length / 4));
  let at = 0;
  group.weights.forEach((w: unknown, i) => {
    check(
      isObj(w) && typeof w.name === 'string' && w.dtype === 'float32' && Array.isArray(w.shape) && w.shape.every((d) => isInt(d, 1)),
      `model.json weight ${i} is invalid`,
    );
    const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
    check(at + size <= floats.length, 'weights.bin is shorter than model.json says');
    weights[String(i)] = { name: w.name, shape: w.shape as number[], values: floats.slice(at, at + size) };
    at += size;
  });
  check(at * 4 === bin.length, `weights.bin has ${bin.length} bytes, model.json describes ${at * 4}`);
  return { runId: id, step, weights };
}

const numOrNull = (v: unknown) => v === null || isNum(v);

/** A text run's probe or kNN: its accuracy and its per-text list of 0s and 1s (back as a Uint8Array). */
function textAccuracy(v: unknown): TextAccuracy | null {
  if (v === null) return null;
  check(isObj(v) && isNum(v.accuracy) && v.correct !== undefined, 'the text result has an invalid accuracy');
  return { accuracy: v.accuracy, correct: (withBits(v) as TextAccuracy).correct };
}

function textResult(r: unknown): TextRunResult {
  check(isObj(r) && numOrNull(r.perplexity) && isNum(r.bigramPerplexity), 'the text result has invalid perplexities');
  check(typeof r.sentence === 'string' && (r.reason === null || typeof r.reason === 'string'), 'the text result has an invalid sentence');
  const guessOk = (g: unknown) =>
    isObj(g) && Array.isArray(g.context) && typeof g.truth === 'string' && isInt(g.truthRank, 1) && Array.isArray(g.top);
  check(Array.isArray(r.guesses) && r.guesses.every(guessOk), 'the text result has invalid next-word guesses');
  const sweep = r.sweep ?? null;
  const pointOk = (p: unknown) => isObj(p) && isNum(p.accuracy) && (isInt(p.perClass, 1) || p.perClass === 'all');
  check(sweep === null || (Array.isArray(sweep) && sweep.every(pointOk)), 'the text result has an invalid label sweep');
  const estimateOk = (e: unknown) => isObj(e) && isNum(e.perplexity) && isNum(e.low) && isNum(e.high) && isInt(e.items);
  check((r.perplexityEstimate ?? null) === null || estimateOk(r.perplexityEstimate), 'the text result has an invalid perplexity');
  check(estimateOk(r.bigramEstimate), "the text result has an invalid bigram's perplexity");
  return {
    ...(r as unknown as TextRunResult),
    probe: textAccuracy(r.probe),
    knn: textAccuracy(r.knn),
    sweep: sweep && (sweep as unknown[]).map(withBits as (p: unknown) => SweepPoint),
    perplexityEstimate: (r.perplexityEstimate ?? null) as TextRunResult['perplexityEstimate'],
  };
}

/** A text run's folder (written by textRunFolder): config.json with its finished status, its weights and loss curve (older zips: none). */
function textBundle(
  c: Record<string, unknown>,
  id: string,
  weights: (step: number) => Checkpoint | null,
  curveFile: Uint8Array | undefined,
): TextRunBundle {
  const s = c.status;
  check(isObj(s) && s.id === id && isTextMethodId(s.method), `unknown text method "${String(isObj(s) && s.method)}"`);
  check(s.state === 'done' || s.state === 'stopped', `a text run is kept only once done or stopped, not "${String(s.state)}"`);
  check(
    isInt(s.step) && (s.steps === null || isInt(s.steps)) && isInt(s.batchSize, 1) && numOrNull(s.loss) && numOrNull(s.perplexity),
    'the status has invalid numbers',
  );
  const d = c.dataset;
  check(
    isObj(d) && typeof d.name === 'string' && isInt(d.texts) && typeof d.fingerprint === 'string',
    'config.json has an invalid text dataset',
  );
  const windowsPerSec = isNum(s.windowsPerSec) ? s.windowsPerSec : null;
  const status = {
    ...s,
    windowsPerSec,
    bigramPerplexity: s.bigramPerplexity ?? NaN,
    error: null,
    result: textResult(s.result),
  } as TextRunStatus;
  const checkpoint = weights(status.step);
  const dataset = d as unknown as SavedTextRun['dataset'];
  const curve = curveFile && validCurve<LossPoint>(parseJson(curveFile, 'curves.json'));
  const run: SavedTextRun = {
    modality: 'text',
    id,
    status,
    ...(curve && { curve }),
    dataset,
    checkpointStep: checkpoint?.step ?? null,
    savedAt: Date.now(),
  };
  return { run, checkpoint };
}

function bundle(files: Record<string, Uint8Array>, dir: string): AnyBundle {
  const need = (f: string) => {
    check(files[f], `${dir}/${f} is missing`);
    return files[f];
  };
  const c = parseJson(need('config.json'), 'config.json');
  const text = isObj(c) && c.format === TEXT_RUN_FORMAT;
  check(isObj(c) && (c.format === RUN_FORMAT || text) && c.version === 1, 'config.json is not a Pretext run (format/version)');
  check(typeof c.id === 'string' && /^[\w.-]{1,100}$/.test(c.id), 'config.json has an invalid run id');
  const id = c.id;
  const hasModel = Boolean(files['model.json'] || files['weights.bin']);
  const weights = (step: number) =>
    hasModel ? validCheckpoint(parseJson(need('model.json'), 'model.json'), need('weights.bin'), id, step) : null;
  if (text) return textBundle(c, id, weights, files['curves.json']);
  check(typeof c.name === 'string' && c.name.length <= 200, 'config.json has an invalid name');
  const d = c.dataset;
  check(isObj(d) && typeof d.name === 'string' && isInt(d.images) && isInt(d.resolution, 1), 'config.json has an invalid dataset');
  const status = validStatus(c.status, c.id);
  const curves = validCurves(parseJson(need('curves.json'), 'curves.json'));
  const evaluations = validEvaluations(parseJson(need('evaluation.json'), 'evaluation.json'), c.id);
  const checkpoint = weights(isInt(c.checkpointStep) ? c.checkpointStep : status.step);
  const run: SavedRun = {
    id: c.id,
    name: c.name,
    status,
    curves,
    evaluations,
    dataset: d as unknown as SavedRun['dataset'],
    checkpointStep: checkpoint?.step ?? null,
    savedAt: Date.now(),
  };
  return { run, checkpoint };
}

/**
 * Read runs (image and text) from a zip written by runsToZip. Everything is checked before use: sizes (before inflating),
 * file names (only the known six per run folder), the JSON schema, and the weights against their manifest.
 * Throws an Error whose message says what is wrong.
 */
export function runsFromZip(zip: Uint8Array): AnyBundle[] {
  try {
    check(zip.length <= IMPORT_LIMITS.zipBytes, `the file is larger than ${IMPORT_LIMITS.zipBytes / 2 ** 20} MiB`);
    let total = 0;
    const unknown: string[] = [];
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(zip, {
        filter: (f) => {
          if (f.name.endsWith('/')) return false;
          const parts = f.name.split('/');
          if (parts.length !== 2 || !(RUN_FILES as readonly string[]).includes(parts[1])) unknown.push(f.name);
          total += f.originalSize;
          check(f.originalSize <= IMPORT_LIMITS.fileBytes && total <= IMPORT_LIMITS.totalBytes, `${f.name} is too large once unpacked`);
          return unknown.length === 0;
        },
      });
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError('it is not a zip file', { cause: e });
    }
    check(unknown.length === 0, `unexpected file(s): ${unknown.slice(0, 3).join(', ')} (a run folder holds only ${RUN_FILES.join(', ')})`);
    const dirs = new Map<string, Record<string, Uint8Array>>();
    for (const [name, bytes] of Object.entries(entries)) {
      const [dir, file] = name.split('/');
      dirs.set(dir, { ...(dirs.get(dir) ?? {}), [file]: bytes });
    }
    check(dirs.size > 0, 'the zip holds no runs');
    check(dirs.size <= IMPORT_LIMITS.runs, `the zip holds more than ${IMPORT_LIMITS.runs} runs`);
    return [...dirs].map(([dir, files]) => bundle(files, dir));
  } catch (e) {
    if (e instanceof ImportError) throw new Error(`This file cannot be imported: ${e.message}.`, { cause: e });
    throw e;
  }
}
