import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { runPython } from '../src/export/pythonRunner';
import { LabPage } from './pages/LabPage';
import { RunsList } from './pages/RunsList';
import { TrainingUi } from './pages/TrainingUi';

/** The first `n` photos of the shipped sample, uint8 [n, 32, 32, 3]. */
const photos = (n: number) => new Uint8Array(readFileSync('public/sample/pixels.bin').subarray(0, n * 32 * 32 * 3));

function unpack(zip: Uint8Array, into: string): string {
  const files = unzipSync(zip);
  for (const [path, bytes] of Object.entries(files)) {
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(join(into, path)), { recursive: true });
    writeFileSync(join(into, path), bytes);
  }
  return join(into, Object.keys(files)[0].split('/')[0]);
}

test('a run leaves the lab: its ONNX and safetensors load elsewhere; its PyTorch project trains in 2 processes and imports back', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  const runs = new RunsList(page);
  await lab.open('?methods=rotation,simclr&steps=6&batch=8&autostart=1');
  const done = await lab.waitFor(
    (s) => s.runs.length === 2 && s.runs.every((r) => r.state === 'done' && r.probe !== undefined && r.checkpointStep === 6),
  );
  const rotation = done.runs.find((r) => r.method === 'rotation')!.id;
  const simclr = done.runs.find((r) => r.method === 'simclr')!.id;
  const ui = new TrainingUi(page);
  await expect(page.getByTestId(`export-pytorch-${simclr}`)).toBeVisible();
  await ui.screenshot('runs-with-exports', testInfo, page.getByTestId('runs-panel'), false);
  expect(await ui.seriousA11yViolations()).toEqual([]);

  // ONNX: onnxruntime loads it in one line; probabilities over the sample's 10 classes; the run in metadata_props
  const onnx = await runs.exportModel(rotation, 'onnx');
  const session = await ort.InferenceSession.create(onnx);
  const out = await session.run({ image: new ort.Tensor('uint8', photos(4), [4, 32, 32, 3]) });
  expect(out.features.dims).toEqual([4, 16 + 32 + 64]);
  expect(out.probabilities.dims).toEqual([4, 10]);
  const p = out.probabilities.data as Float32Array;
  for (let i = 0; i < 4; i++) expect(p.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  const meta = Object.fromEntries(onnxProto.onnx.ModelProto.decode(onnx).metadataProps.map((m) => [m.key, m.value]));
  expect(meta).toMatchObject({ method: 'rotation', step: '6', run_id: rotation });
  expect(JSON.parse(meta.class_names)).toHaveLength(10);
  // the script API gives the same bytes as the button
  const api = await page.evaluate(async (id) => {
    const bytes = await window.pretext.exportModel(id, 'onnx');
    return { isBytes: bytes instanceof Uint8Array, length: bytes.length };
  }, rotation);
  expect(api).toEqual({ isBytes: true, length: onnx.length });

  // safetensors: the header names the encoder and the probe
  const st = await runs.exportModel(rotation, 'safetensors');
  const header = JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString()) as Record<string, unknown>;
  expect(Object.keys(header)).toEqual(expect.arrayContaining(['encoder.stages.0.conv.weight', 'probe.linear.weight', '__metadata__']));

  // the PyTorch project: 2 steps in 2 gloo processes on the sample, then its run.zip imports back and probes
  const project = await runs.exportModel(simclr, 'pytorch');
  const api2 = await page.evaluate(async (id) => (await window.pretext.exportExperiment(id)).length, simclr);
  expect(api2).toBe(project.length);
  const root = mkdtempSync(join(tmpdir(), 'pretext-e2e-'));
  try {
    const dir = unpack(project, root);
    const log = runPython(
      [
        '-m',
        'torch.distributed.run',
        '--nproc_per_node=2',
        '--redirects',
        '1',
        '--tee',
        '1',
        'train.py',
        '--data',
        resolve('public/sample'),
        '--steps',
        '2',
        '--batch-size',
        '4',
        '--out',
        'out',
      ],
      dir,
      180_000,
    );
    expect(log).toContain('step 2/2');
    await runs.importZip('run.zip', readFileSync(join(dir, 'out', 'run.zip')));
    const imported = `${simclr}-torch`;
    await lab.waitFor((s) => s.runs.some((r) => r.id === imported && r.method === 'simclr' && r.state === 'done' && r.step === 2));
    await page.getByTestId(`probe-now-${imported}`).click();
    const probed = await lab.waitFor((s) => s.runs.some((r) => r.id === imported && typeof r.probe?.accuracy === 'number'));
    expect(probed.runs.find((r) => r.id === imported)!.probe!.accuracy).toBeGreaterThan(0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  expect(lab.offOrigin).toEqual([]);
});
