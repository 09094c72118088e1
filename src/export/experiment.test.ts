import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../core/config';
import type { MethodId } from '../core/methods/catalog';
import { registry } from '../core/methods/registry';
import { Rng } from '../core/rng';
import { useCpuBackend } from '../core/testUtils';
import { runsFromZip } from '../storage/runImport';
import type { RunBundle } from '../storage/runZip';
import { experimentZip, type ExperimentSource } from './experiment';
import { runPython } from './pythonRunner';
import { TORCH_METHODS } from './torchMethods';
import { exportConfig, maxAbsDiff, perturbedModel, samplePhotos, toImages } from './testModels';

const photos = samplePhotos(1);
const root = mkdtempSync(join(tmpdir(), 'pretext-experiment-'));

/** Unpack an experiment zip under `root`; the project's folder. */
function unpack(zip: Uint8Array, name: string): string {
  for (const [path, bytes] of Object.entries(unzipSync(zip))) {
    if (path.endsWith('/')) continue;
    const file = join(root, name, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return join(root, name, Object.keys(unzipSync(zip))[0].split('/')[0]);
}

/** The step's loss in PyTorch: weights.safetensors, the batch in photos.bin/labels.bin, the lab's Rng seeded 5. */
const LOSS = `
import json, numpy as np, torch, pretext_methods
from pretext_run import load_lab_weights
experiment = json.load(open("experiment.json"))
model = pretext_methods.create(experiment)
load_lab_weights(model, "weights.safetensors")
x = torch.from_numpy(np.fromfile("photos.bin", dtype=np.uint8).reshape(-1, 32, 32, 3)).permute(0, 3, 1, 2).float() / 255
labels = torch.from_numpy(np.fromfile("labels.bin", dtype="<i4").astype("int64"))
with torch.no_grad():
    loss, metrics = model(x, labels, pretext_methods.Rng(5))
    other, _ = model(x, labels, pretext_methods.Rng(6))
print(json.dumps({"loss": loss.item(), "otherDraws": other.item(), **{k: v.item() for k, v in metrics.items()}}))
`;

/** Features of a PyTorch checkpoint (train.py's checkpoint.safetensors) on photos.bin, to features.bin. */
const FEATURES = `
import json, sys, numpy as np, torch, pretext_methods
from pretext_model import read_safetensors, scale
experiment = json.load(open("experiment.json"))
model = pretext_methods.create(experiment)
model.load_state_dict(read_safetensors(sys.argv[1])[0])
x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.uint8).reshape(-1, 32, 32, 3)).permute(0, 3, 1, 2).float() / 255
with torch.no_grad():
    model.encoder.features(scale(x, experiment["architecture"]["scaling"])).numpy().astype("<f4").tofile("features.bin")
`;

/** torchrun of torch 1.13 on Python 3.11 (Debian's) parses its default --redirects 0 to None and fails; 1 works everywhere. */
const TORCHRUN_PY311 = ['--redirects', '1', '--tee', '1'];

const labels = Int32Array.from({ length: photos.count }, (_, i) => (i % 3 === 2 ? -1 : i)); // a few unlabelled rows

beforeAll(async () => {
  await useCpuBackend();
  writeFileSync(join(root, 'photos.bin'), photos.pixels);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every ported method with its defaults, and the masked autoencoder (its mask draws from the lab's Rng too); whether the step draws. */
const LOSS_CASES: [MethodId, TrainConfig['params'], boolean][] = [
  ...TORCH_METHODS.map((m): [MethodId, TrainConfig['params'], boolean] => [m, {}, m !== 'supervised' && m !== 'autoencoder']),
  ['autoencoder', { maskRatio: 0.5 }, true],
  ['colorization', { mode: 'regression' }, true],
];

describe.each(LOSS_CASES)('PyTorch project: %s %o', (id, params, draws) => {
  it("computes the app's loss on the same batch, weights and random draws (relative difference ≤ 1e-3)", async () => {
    const config = { ...exportConfig, params };
    const { model, checkpoint } = await perturbedModel(registry[id], config);
    const name = `loss-${id}-${Object.keys(params).length}`;
    const src: ExperimentSource = {
      runId: name,
      method: id,
      config,
      classNames: photos.classNames,
      checkpoint,
      state: model.exportState?.(),
    };
    const dir = unpack(experimentZip(src), name);
    writeFileSync(join(dir, 'photos.bin'), photos.pixels);
    writeFileSync(join(dir, 'labels.bin'), new Uint8Array(labels.buffer));
    writeFileSync(join(dir, 'loss.py'), LOSS);
    const images = toImages(photos.pixels, 32);
    const expected = tf.tidy(() => model.step({ images, labels: tf.tensor1d(labels, 'int32') }, new Rng(5)).loss.dataSync()[0]);
    images.dispose();
    model.dispose();
    const torch = JSON.parse(runPython(['loss.py'], dir)) as { loss: number; otherDraws: number };
    expect(expected).toBeGreaterThan(0.1);
    const difference = Math.abs(torch.loss - expected);
    expect(difference / expected).toBeLessThanOrEqual(1e-3);
    // other random draws move the loss far more than app vs PyTorch do: the augmentations match, not just their average
    // (untrained SimCLR embeddings are alike, so its loss moves little: hence a ratio, not a fixed margin)
    if (draws) expect(Math.abs(torch.otherDraws - expected)).toBeGreaterThan(50 * difference);
  });
});

describe.each((['simclr', 'rotation'] as const).map((m) => [m] as const))('PyTorch project trained with DDP: %s', (id) => {
  it('trains 3 steps in 2 processes (gloo) on the sample; its run.zip imports back with the trained weights', async () => {
    const { model, checkpoint } = await perturbedModel(registry[id]);
    const cfg = { ...exportConfig, checkpointEvery: 2 };
    const dir = unpack(
      experimentZip({ runId: `ddp-${id}`, method: id, config: cfg, classNames: photos.classNames, checkpoint }),
      `ddp-${id}`,
    );
    const out = runPython(
      [
        '-m',
        'torch.distributed.run',
        '--nproc_per_node=2',
        ...TORCHRUN_PY311,
        'train.py',
        '--data',
        resolve('public/sample'),
        '--steps',
        '3',
        '--batch-size',
        '4',
        '--out',
        'out',
        '--init',
        'weights.safetensors',
      ],
      dir,
      240_000,
    );
    expect(out).toContain('step 3/3');
    const [bundle] = runsFromZip(readFileSync(join(dir, 'out', 'run.zip'))) as RunBundle[];
    expect(bundle.run.id).toBe(`ddp-${id}-torch`);
    expect(bundle.run.status).toMatchObject({ method: id, state: 'done', step: 3, steps: 3, config: { ...cfg, steps: 3, batchSize: 8 } }); // 2 processes × 4
    expect(bundle.run.curves.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(bundle.run.curves.every((p) => Number.isFinite(p.loss) && p.loss > 0)).toBe(true);
    // the imported weights go into the app's model by position, as a resume does, and give PyTorch's features
    model.variables.forEach((v, i) => {
      const w = bundle.checkpoint!.weights[String(i)];
      expect(w.shape).toEqual(v.shape);
      v.assign(tf.tensor(w.values, w.shape));
    });
    const images = toImages(photos.pixels, 32);
    const features = tf.tidy(() => model.features(images).dataSync());
    images.dispose();
    model.dispose();
    writeFileSync(join(dir, 'features.py'), FEATURES);
    runPython(['features.py', 'out/checkpoint.safetensors', join(root, 'photos.bin')], dir);
    expect(maxAbsDiff(new Float32Array(Uint8Array.from(readFileSync(join(dir, 'features.bin'))).buffer), features)).toBeLessThanOrEqual(
      1e-4,
    );
  });
});

describe('PyTorch project data', () => {
  it("reads an image folder by the lab's convention: one sub-folder per class, squared and resized", () => {
    const script = `import json, sys; sys.path.insert(0, "src/export/python")
from pretext_run import load_images
pixels, labels, classes, name = load_images("e2e/fixtures/folder", 16)
print(json.dumps({"shape": list(pixels.shape), "dtype": str(pixels.dtype), "classes": classes, "name": name, "counts": labels.bincount().tolist()}))`;
    expect(JSON.parse(runPython(['-c', script], resolve('.')))).toEqual({
      shape: [24, 16, 16, 3],
      dtype: 'torch.uint8',
      classes: ['airplane', 'automobile', 'bird'],
      name: 'folder',
      counts: [8, 8, 8],
    });
  });
});

describe('PyTorch project export', () => {
  it('names the methods it cannot port', () => {
    expect(() => experimentZip({ runId: 'x', method: 'random', config: exportConfig, classNames: [], checkpoint: null })).toThrow(
      /Random init has no PyTorch port yet; the PyTorch project covers Rotation, Jigsaw/,
    );
  });
});
