import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../core/methods/registry';
import { useCpuBackend } from '../core/testUtils';
import { exportedNetwork } from './network';
import { runPython } from './pythonRunner';
import { modelSafetensors } from './safetensors';
import { appOutputs, exportConfig, maxAbsDiff, perturbedModel, randomClassifier, samplePhotos, toImages } from './testModels';

const photos = samplePhotos(1);
const dir = mkdtempSync(join(tmpdir(), 'pretext-torch-'));

/** Loads every method's model.safetensors in PyTorch in one process; writes <method>.features.bin and .probabilities.bin. */
const SCRIPT = `
import sys, numpy as np, torch, pretext_model
pixels = np.fromfile("photos.bin", dtype=np.uint8).reshape(-1, 32, 32, 3)
for name in sys.argv[1:]:
    model = pretext_model.load(name + ".safetensors")
    with torch.no_grad():
        model.features(pixels).numpy().astype("<f4").tofile(name + ".features.bin")
        model(torch.from_numpy(pixels)).numpy().astype("<f4").tofile(name + ".probabilities.bin")
    print(name, model.class_names[0], model.metadata["method"])
`;

const expected: Record<string, ReturnType<typeof appOutputs>> = {};
let printed = '';

beforeAll(async () => {
  await useCpuBackend();
  const images = toImages(photos.pixels, photos.resolution);
  for (const method of methods) {
    const { model, checkpoint } = await perturbedModel(method);
    const classifier = randomClassifier(model.encoder.probeDim, photos.classNames);
    writeFileSync(
      join(dir, `${method.id}.safetensors`),
      modelSafetensors(exportedNetwork('export-test', method.id, exportConfig, checkpoint, classifier)),
    );
    expected[method.id] = appOutputs(model, images, classifier);
    model.dispose();
  }
  images.dispose();
  writeFileSync(join(dir, 'photos.bin'), photos.pixels);
  writeFileSync(join(dir, 'pretext_model.py'), readFileSync(new URL('./python/pretext_model.py', import.meta.url)));
  writeFileSync(join(dir, 'check.py'), SCRIPT);
  printed = runPython(['check.py', ...methods.map((m) => m.id)], dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(methods.map((m) => [m.id] as const))('safetensors + pretext_model.py in PyTorch: %s', (id) => {
  it("gives the app's features and probabilities on real photos (max abs difference ≤ 1e-4)", () => {
    const read = (what: string) => new Float32Array(Uint8Array.from(readFileSync(join(dir, `${id}.${what}.bin`))).buffer);
    expect(maxAbsDiff(read('features'), expected[id].features)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(read('probabilities'), expected[id].probabilities)).toBeLessThanOrEqual(1e-4);
    expect(printed).toContain(`${id} airplane ${id}`);
  });
});
