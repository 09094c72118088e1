import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../core/methods/registry';
import { useCpuBackend } from '../core/testUtils';
import { exportedNetwork, type LinearClassifier } from './network';
import { toOnnx } from './onnx';
import { appOutputs, exportConfig, maxAbsDiff, perturbedModel, randomClassifier, samplePhotos, toImages } from './testModels';

const photos = samplePhotos(1); // one real photo per class, 32 px

beforeAll(async () => {
  await useCpuBackend();
  ort.env.wasm.numThreads = 1;
});

describe.each(methods.map((m) => [m.id, m] as const))('ONNX export: %s', (_id, method) => {
  let result: { model: Awaited<ReturnType<typeof perturbedModel>>['model']; bytes: Uint8Array; classifier: LinearClassifier };
  const images = toImages(photos.pixels, photos.resolution);

  beforeAll(async () => {
    const { model, checkpoint } = await perturbedModel(method);
    const classifier = randomClassifier(model.encoder.probeDim, photos.classNames);
    const bytes = toOnnx(exportedNetwork('export-test', method.id, exportConfig, checkpoint, classifier));
    result = { model, bytes, classifier };
  });
  afterAll(() => {
    result.model.dispose();
    images.dispose();
  });

  it("gives the app's features and probe probabilities on real photos (max abs difference ≤ 1e-4)", async () => {
    const session = await ort.InferenceSession.create(result.bytes);
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['features', 'probabilities']);
    const out = await session.run({ image: new ort.Tensor('uint8', photos.pixels, [photos.count, 32, 32, 3]) });
    const { features, probabilities } = appOutputs(result.model, images, result.classifier);
    expect(out.features.dims).toEqual([photos.count, result.model.encoder.probeDim]);
    expect(maxAbsDiff(out.features.data as Float32Array, features)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(out.probabilities.data as Float32Array, probabilities)).toBeLessThanOrEqual(1e-4);
    // features that do not vary would make the comparison vacuous
    expect(Math.max(...features) - Math.min(...features)).toBeGreaterThan(0.1);
    await session.release();
  });

  it('records the class names, method, settings and step in metadata_props', () => {
    const model = onnxProto.onnx.ModelProto.decode(result.bytes);
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.class_names)).toEqual(photos.classNames);
    expect(meta.method).toBe(method.id);
    expect(meta.step).toBe('7');
    expect(JSON.parse(meta.settings)).toMatchObject({ width: 4, depth: 3, resolution: 32 });
  });
});

describe('ONNX export errors', () => {
  it('names a weight the settings do not match', async () => {
    const { model, checkpoint } = await perturbedModel(methods[0]);
    model.dispose();
    expect(() => exportedNetwork('x', 'rotation', { ...exportConfig, width: 8 }, checkpoint)).toThrow(
      /encoder\/conv0\/kernel has shape \[3,3,3,4\], the run's settings say \[3,3,3,8\]/,
    );
  });
});
