import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig } from '../src/core/config';
import type { BackendName } from '../src/worker/contract';
import { firstStep, ingest } from './appTimings';
import { measureBackend, type BackendMeasurement } from './backends';
import { referenceFlops } from './flops';
import { BATCH, browserMachine, describe, left, log, minutes, ownBrowser, quick, QUICK_METHODS, REFERENCE_ROUNDS, tmp } from './harness';
import { peers } from './peers';
import { PROFILED, type StepProfile } from './protocol';
import { qualityPerMinute, type QualityRecord } from './quality/report';
import { resultsDir } from './record';
import { writeRecord } from './render';
import type { SuiteRecord } from './results';

// `npm run bench -- suite` (bench/run.mjs builds, then runs this). One test, so one failure never loses the others'
// figures: every part returns what it measured (errors included) and the results are saved after each part;
// the end checks leaks.
const out = quick ? path.join(tmp, 'quick') : resultsDir;
const BACKENDS: BackendName[] = quick ? ['wasm'] : ['wasm', 'webgpu', 'webgl', 'cpu'];
const INGEST_IMAGES = quick ? 200 : 10_000;

test.setTimeout((minutes + 20) * 60_000);

function emptyResults(): SuiteRecord {
  return {
    part: 'suite',
    when: new Date().toISOString(),
    quick,
    machine: browserMachine(),
    config: {
      resolution: defaultConfig.resolution,
      batchSize: BATCH,
      width: defaultConfig.width,
      depth: defaultConfig.depth,
      budgetMinutes: minutes,
    },
    backends: [],
    rows: [],
    reference: { pytorch_cpu: null, convnetjs: null, wasm: null, webgl: null, webgpu: null, cpu: null },
    referenceDetails: {
      flopsPerStep: { counted: null, analytic: referenceFlops() },
      tfjs: {},
      convnetjs: null,
      pytorch: [],
      pytorchUnavailable: null,
    },
    app: { firstStep: [], ingest: null },
    profile: null,
    errors: [],
  };
}

/** Quality per minute from bench/results/quality.json (`npm run quality`, run on its own), when there is one. */
function quality(): SuiteRecord['quality'] {
  const file = path.join(resultsDir, 'quality.json');
  return existsSync(file) ? qualityPerMinute(JSON.parse(readFileSync(file, 'utf8')) as QualityRecord) : null;
}

function save(results: SuiteRecord): void {
  results.quality = quality();
  writeRecord(out, results);
}

/** The results with one backend's measurement in (replacing what an earlier save of it put there). */
function withBackend(r: SuiteRecord, m: BackendMeasurement): SuiteRecord {
  const b = m.entry.requested as BackendName;
  const details = { ...r.referenceDetails, tfjs: m.reference ? { ...r.referenceDetails.tfjs, [b]: m.reference } : r.referenceDetails.tfjs };
  if (m.referenceProfile)
    Object.assign(details, {
      profile: m.referenceProfile,
      flopsPerStep: { ...details.flopsPerStep, counted: m.referenceProfile.flopsPerStep },
    });
  return {
    ...r,
    backends: [...r.backends.filter((x) => x.requested !== b), m.entry],
    rows: [...r.rows.filter((x) => x.backend !== b), ...m.rows],
    reference: m.reference && !m.reference.error ? { ...r.reference, [b]: m.reference.imagesPerSec } : r.reference,
    referenceDetails: details,
  };
}

/** The slowest method on PROFILED, with its profiled step (RESULTS.md shows where its time goes). */
function slowestProfile(r: SuiteRecord, profiles: Map<string, StepProfile>): SuiteRecord['profile'] {
  const rate = (method: string) => r.rows.find((x) => x.backend === PROFILED && x.method === method)?.trainer?.imagesPerSec ?? Infinity;
  const [slowest] = [...profiles].sort(([a], [b]) => rate(a) - rate(b));
  return slowest ? { backend: PROFILED, method: slowest[0], ...slowest[1] } : null;
}

test('benchmark', async ({ playwright, launchOptions }) => {
  log(`${quick ? 'quick' : 'full'} bench, ${minutes} min budget, batch ${BATCH}, backends ${BACKENDS.join(', ')}`);
  let results = emptyResults();
  const profiles = new Map<string, StepProfile>(); // method → its profiled step on PROFILED
  const wasmThreads = () => results.backends.find((b) => b.requested === 'wasm')?.wasmThreads ?? 1; // the machine's thread count
  // every part in a browser of its own: a backend whose worker stopped answering takes only its own browser down
  const inOwnBrowser = ownBrowser(playwright.chromium, launchOptions);

  const backend = async (b: BackendName, shareMs: number) => {
    const m = await inOwnBrowser((browser) =>
      measureBackend(browser, b, shareMs, profiles, (partial) => save(withBackend(results, partial))),
    );
    results = withBackend(results, m);
    save(results);
    if (!m.entry.available) return;
    // the app in a fresh browser (two pages on one software GPU slow each other down, and a stuck one stops the other)
    await inOwnBrowser(async (browser) => {
      results.app.firstStep.push(await firstStep(browser, b, 1, 0));
      if (b === 'wasm') results.app.firstStep.push(await firstStep(browser, b, 100_000, quick ? 1 : 15));
    });
    save(results);
  };

  const [first, ...rest] = BACKENDS;
  await backend(first, quick ? left() : left() * 0.5);
  // the reference network's CPU contenders in alternating rounds: their figures replace the wasm backend's single stretch
  const p = await inOwnBrowser((browser) => peers(browser, wasmThreads()));
  const tfjs = p.wasm ? { ...results.referenceDetails.tfjs, wasm: p.wasm } : results.referenceDetails.tfjs;
  const { convnetjs, pytorch, pytorchUnavailable, wasmOneThread } = p;
  results.referenceDetails = {
    ...results.referenceDetails,
    tfjs,
    convnetjs,
    pytorch,
    pytorchUnavailable,
    wasmOneThread,
    wasmThreads: wasmThreads(),
    rounds: REFERENCE_ROUNDS,
  };
  const rate = (t: typeof p.wasm) => (t && !t.error ? t.imagesPerSec : null);
  results.reference = {
    ...results.reference,
    convnetjs: rate(convnetjs),
    pytorch_cpu: p.pytorchAtWasmThreads,
    wasm: rate(p.wasm) ?? results.reference.wasm,
  };
  results.errors.push(...p.errors);
  save(results);
  try {
    results.app.ingest = await inOwnBrowser((browser) => ingest(browser, INGEST_IMAGES));
  } catch (e) {
    results.errors.push(`ingest: ${describe(e)}`);
  }
  save(results);
  for (const [i, b] of rest.entries()) await backend(b, left() / (rest.length - i));
  results.profile = slowestProfile(results, profiles);
  save(results);
  log(`wrote ${path.relative(process.cwd(), out)}/suite.json and suite.md`);

  const leaks = results.rows
    .filter((r) => (r.leakedPer100 ?? 0) > 0)
    .map((r) => `${r.backend}/${r.method}: ${r.leakedPer100} tensors per 100 steps`);
  expect(leaks, 'methods that leak tensors').toEqual([]);
  if (quick) {
    // the smoke version also checks that every part still produces a figure
    const measured = results.rows.filter((r) => r.trainer);
    expect(measured.length, JSON.stringify(results.rows.map((r) => r.error ?? r.skipped))).toBe(QUICK_METHODS);
    expect(results.referenceDetails.flopsPerStep.counted).toBe(results.referenceDetails.flopsPerStep.analytic);
    for (const v of [
      results.reference.wasm,
      results.reference.convnetjs,
      results.app.ingest?.imagesPerSec,
      results.backends[0].matmul?.gflops,
    ])
      expect(v).toBeGreaterThan(0);
    expect(results.app.ingest?.accepted).toBe(INGEST_IMAGES);
    expect(results.app.firstStep[0]?.clickToFirstStepMs).toBeGreaterThan(0);
  }
});
