import { benchFlags, OTHERS_LIMIT, SPREAD_LIMIT, THREAD_NOISE, verdict, withFlags, type BenchFlags, type Flagged } from './consistency';
import { PROFILED, REFERENCE, type LongTasks, type StepProfile } from './protocol';
import type { Stat } from './quality/report';
import { num, table } from './markdown';
import type { SuiteRecord, MethodRow } from './results';

// The suite's page (bench/results/suite.md, under bench/render.ts's head): tables only, every figure from the measured results.

const TARGETS = { vsPytorch: 0.5, vsConvnet: 10, overhead: 0.95 };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${num(v * 100, 1)} %`);
const tasks = (t: LongTasks | null | undefined) => (t ? (t.count === 0 ? '0' : `${t.count} (max ${num(t.maxMs, 0)} ms)`) : '—');

function kernelTable(p: StepProfile): string {
  return table(
    ['kernel', 'calls', 'ms', 'share'],
    p.top.map((k) => [k.name, String(k.calls), num(k.ms, 1), pct(k.ms / p.totalMs)]),
  );
}

function methodCell(r: MethodRow, flags: BenchFlags): string[] {
  if (r.skipped || r.error || !r.trainer) {
    return [r.backend, r.label, r.error ? `error: ${r.error}` : (r.skipped ?? 'not measured'), '', '', '', '', '', '', '', ''];
  }
  return [
    r.backend,
    r.label,
    withFlags(num(r.trainer.imagesPerSec), flags.trainer.get(r) ?? []),
    `${r.trainer.steps} in ${num(r.trainer.seconds)} s`,
    withFlags(num(r.bare?.imagesPerSec), flags.bare.get(r) ?? []),
    num(r.overheadRatio, 2),
    num(r.flopsPerStep === null ? null : r.flopsPerStep / 1e9, 2),
    num(r.modelGflops, 2),
    pct(r.utilization),
    num(r.leakedPer100, 0),
    tasks(r.longTasks),
  ];
}

/** How fast the reference network could train on wasm if every FLOP ran at the backend's own matmul speed. */
function ceiling(res: SuiteRecord): string[] {
  const mm = res.backends.find((b) => b.requested === 'wasm')?.matmul;
  const torch = res.reference.pytorch_cpu;
  if (!mm || !torch) return [];
  const flopsPerImage = res.referenceDetails.flopsPerStep.analytic / REFERENCE.batch;
  const atPeak = (mm.gflops * 1e9) / flopsPerImage;
  const torchGflops = (torch * flopsPerImage) / 1e9;
  return [
    `The ceiling: tfjs-wasm's own ${mm.n}³ matmul runs at ${num(mm.gflops, 2)} GFLOP/s here, while PyTorch trains the reference network at ` +
      `${num(torchGflops, 2)} GFLOP/s of useful work (its oneDNN kernels use AVX2/AVX-512; WebAssembly SIMD is 128 bits wide). Even with every ` +
      `FLOP at that matmul speed, tfjs-wasm would reach ${num(atPeak, 0)} images/s, ${num(atPeak / torch, 2)}× PyTorch.`,
    '',
  ];
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a !== null && a !== undefined && b ? a / b : null);
const threadsText = (n: number) => `${n} thread${n > 1 ? 's' : ''}`;
const rounds = (n: number) => `${n} alternating round${n > 1 ? 's' : ''}`;

/** Every contender of the reference network, each figure with its flags. */
function referenceTable(res: SuiteRecord, flags: BenchFlags): string {
  const ref = res.reference;
  const d = res.referenceDetails;
  const wasmThreads = d.wasmThreads ?? null;
  const torchAt = (threads: number) => d.pytorch.find((p) => p.threads === threads)?.imagesPerSec ?? null;
  const one = d.wasmOneThread;
  return table(
    ['contender', 'images/s', '× PyTorch CPU (same threads)', '× ConvNetJS'],
    [
      ...d.pytorch.map((p) => [
        `PyTorch ${p.version} CPU, ${threadsText(p.threads)}`,
        withFlags(num(p.imagesPerSec), flags.pytorch.get(p.threads) ?? []),
        '1.00',
        num(ratio(p.imagesPerSec, ref.convnetjs), 1),
      ]),
      ...(d.pytorchUnavailable ? [['PyTorch CPU', `unavailable: ${d.pytorchUnavailable}`, '', '']] : []),
      [
        'ConvNetJS 0.3 (same page, a worker; 1 thread)',
        d.convnetjs?.error ? `error: ${d.convnetjs.error}` : withFlags(num(ref.convnetjs), flags.convnetjs),
        num(ratio(ref.convnetjs, torchAt(1)), 3),
        '1.0',
      ],
      ...(one
        ? [
            [
              'TensorFlow.js wasm (held to 1 thread)',
              one.error ? `error: ${one.error}` : withFlags(`${num(one.imagesPerSec)} (${one.steps} steps)`, flags.wasmOneThread),
              num(ratio(one.imagesPerSec, torchAt(1)), 2),
              num(ratio(one.imagesPerSec, ref.convnetjs), 1),
            ],
          ]
        : []),
      ...(['wasm', 'webgpu', 'webgl', 'cpu'] as const).map((b) => {
        const t = d.tfjs[b];
        const value = t?.error
          ? `error: ${t.error}`
          : t
            ? withFlags(`${num(ref[b])} (${t.steps} steps)`, flags.tfjs.get(b) ?? [])
            : 'not measured';
        return [
          `TensorFlow.js ${b}${b === 'wasm' && wasmThreads ? ` (${threadsText(wasmThreads)})` : ''}`,
          value,
          num(ratio(ref[b], ref.pytorch_cpu), 2),
          num(ratio(ref[b], ref.convnetjs), 1),
        ];
      }),
    ],
  );
}

/** The targets; one computed from a flagged figure reads "unreliable", whichever way it went. */
function targetsTable(res: SuiteRecord, flags: BenchFlags): string {
  const ref = res.reference;
  const d = res.referenceDetails;
  const torchSame = d.pytorch.find((p) => p.imagesPerSec === ref.pytorch_cpu);
  const wasmThreads = d.wasmThreads ?? 1;
  const one = d.wasmOneThread;
  const torchOne = d.pytorch.find((p) => p.threads === 1)?.imagesPerSec;
  const wasm: Flagged = { figure: `tfjs-wasm, ${threadsText(wasmThreads)}`, flags: flags.tfjs.get('wasm') ?? [] };
  const atLeast = (v: number | null, target: number) => (v === null ? null : v >= target);
  const vsTorch = ratio(ref.wasm, ref.pytorch_cpu);
  const vsConvnet = ratio(ref.wasm, ref.convnetjs);
  const measured = res.rows.filter((r) => r.trainer && r.bare);
  const overheads = measured.map((r) => r.overheadRatio!).filter(Number.isFinite);
  const rowFlags = measured.flatMap((r): Flagged[] => [
    { figure: `${r.backend}/${r.method} Trainer`, flags: flags.trainer.get(r) ?? [] },
    { figure: `${r.backend}/${r.method} bare`, flags: flags.bare.get(r) ?? [] },
  ]);
  const appTasks = [...res.app.firstStep.map((f) => f.longTasks), res.app.ingest?.longTasks].filter((t): t is LongTasks => !!t);
  const leaks = res.rows.filter((r) => r.leakedPer100 !== null);
  return table(
    ['target', 'measured', ''],
    [
      [
        `tfjs-wasm ≥ ${TARGETS.vsPytorch}× PyTorch CPU, same threads (${torchSame?.threads ?? '?'})`,
        num(vsTorch, 2) + (one && !one.error ? ` (1 thread each: ${num(ratio(one.imagesPerSec, torchOne), 2)})` : ''),
        verdict(atLeast(vsTorch, TARGETS.vsPytorch), [
          wasm,
          { figure: `PyTorch, ${threadsText(torchSame?.threads ?? 1)}`, flags: (torchSame && flags.pytorch.get(torchSame.threads)) ?? [] },
        ]),
      ],
      [
        `tfjs-wasm ≥ ${TARGETS.vsConvnet}× ConvNetJS`,
        num(vsConvnet, 1),
        verdict(atLeast(vsConvnet, TARGETS.vsConvnet), [wasm, { figure: 'ConvNetJS', flags: flags.convnetjs }]),
      ],
      [
        `loop-overhead ratio ≥ ${TARGETS.overhead} on every backend and method`,
        overheads.length ? `${num(Math.min(...overheads), 2)} … ${num(Math.max(...overheads), 2)} (${overheads.length} measured)` : '—',
        verdict(overheads.length ? Math.min(...overheads) >= TARGETS.overhead : null, rowFlags),
      ],
      [
        'zero main-thread long tasks during training and ingestion (the app)',
        appTasks.length ? `${appTasks.reduce((s, t) => s + t.count, 0)} in ${appTasks.length} app sessions` : '—',
        verdict(appTasks.length ? appTasks.every((t) => t.count === 0) : null, []),
      ],
      [
        'no tensor leaks',
        `${leaks.filter((r) => r.leakedPer100! > 0).length} of ${leaks.length} runs leak`,
        verdict(leaks.length ? leaks.every((r) => r.leakedPer100 === 0) : null, []),
      ],
    ],
  );
}

const QUALITY_COMMAND = 'npm run quality -- --minutes 10 --marks 1,3';

/** Quality per minute, the figure a user feels: the probe the default recipes reach after 1, 3 and ~10 minutes on wasm. */
function qualitySection(q: SuiteRecord['quality']): string[] {
  const head = ['## Quality per minute', ''];
  if (!q || q.methods.length === 0)
    return [
      ...head,
      `Not measured: there is no bench/results/quality.json with time marks (\`${QUALITY_COMMAND}\` writes one; it needs a quiet machine).`,
      '',
    ];
  const pct = (s: Stat | null) => (s ? `${num(100 * s.mean, 1)} ± ${num(100 * s.sd, 1)} %` : '—');
  return [
    ...head,
    `Linear-probe accuracy on the held-out images (all labels, frozen encoder) after this much training with each method's default recipe, ` +
      `mid-run and at the end, mean ± standard deviation over seeds ${q.seeds.join(', ')}: \`npm run quality\` (quality.json, measured ${q.when.slice(0, 10)}), ` +
      `Node on ${q.machine.backend} with ${threadsText(q.machine.threads ?? 1)}, ${q.machine.nproc} CPUs; ${q.budget}.`,
    '',
    table(
      ['method', ...q.minutes.map((k) => `${k} min`), 'end'],
      q.methods.map((m) => [m.label, ...m.atMark.map(pct), `${pct(m.end)} at ${num(m.endMinutes?.mean, 1)} min`]),
    ),
    '',
  ];
}

/** The machine notes, the reference network, the targets and the ceiling. */
function referenceSection(res: SuiteRecord, flags: BenchFlags): string[] {
  const m = res.machine;
  return [
    '- Chromium headless, WebGPU and WebGL on SwiftShader (software). ' +
      'WebGPU on a real GPU is measured by `npm run bench -- gpu` (Dawn in Node, no browser): see [gpu.md](gpu.md).',
    `- Other processes shared the machine (see the load average above, on ${m.nproc} cores), so every figure is a lower bound of what it does alone. ` +
      "The 1-minute load average, and the CPU time of processes other than the bench's own, are also read before and after every timed stretch (suite.json).",
    `- Reference config of the methods: ${res.config.resolution} px, batch ${res.config.batchSize}, the default encoder (width ${res.config.width}, depth ${res.config.depth}), Adam; time budget ${res.config.budgetMinutes} min.`,
    '',
    '## Reference network',
    '',
    '32×32×3 → conv3×3 16 ReLU → maxpool 2 → conv 32 ReLU → maxpool 2 → conv 64 ReLU → global average pool → dense 4; batch 32; SGD. ' +
      `FLOPs per step (conv + matmul, forward and backward): ${num(res.referenceDetails.flopsPerStep.analytic / 1e6, 1)} M by hand, ` +
      `${num((res.referenceDetails.flopsPerStep.counted ?? NaN) / 1e6, 1)} M counted from the kernels tf.profile saw.`,
    '',
    referenceTable(res, flags),
    '',
    '## Targets',
    '',
    targetsTable(res, flags),
    '',
    'Every figure comes from timed stretches of a few seconds on a shared machine (see the load average above). Other processes only ever ' +
      `slow a stretch down, so PyTorch, tfjs-wasm and ConvNetJS train the reference network in ${rounds(res.referenceDetails.rounds ?? 1)}, and on wasm each method's Trainer and bare ` +
      'stretches alternate several times; each figure is its fastest stretch (the "steps timed" column shows the kept Trainer stretch); the software GPUs, ' +
      'minutes per step, get one stretch each. An overhead ratio above 1 is the noise that remains. ' +
      `A figure is flagged (⚠) when the run contradicts it: processes other than the bench's own kept more than ${OTHERS_LIMIT} of a core busy during its own stretch (where /proc does not tell: the load average was above the ${m.nproc} cores), its stretches differ by more than ${SPREAD_LIMIT}×, ` +
      `or it is more than ${Math.round(THREAD_NOISE * 100)} % slower on more threads than the same contender on fewer. A target computed from a flagged figure reads "unreliable", never "met".`,
    '',
    ...ceiling(res),
  ];
}

/** The backends that started, and every method on each. */
function methodsSection(res: SuiteRecord, flags: BenchFlags): string[] {
  return [
    '## Backends',
    '',
    table(
      ['requested', 'started', 'adapter', 'why', 'matmul GFLOP/s', 'steps per measurement'],
      res.backends.map((b) => [
        b.requested,
        b.name ?? '—',
        b.adapter || '—',
        b.error ? `error: ${b.error}` : b.reason,
        b.matmul ? `${num(b.matmul.gflops, 2)} (${b.matmul.n}³)` : '—',
        `Trainer: ${b.budget.trainer}; bare: ${b.budget.bare}`,
      ]),
    ),
    '',
    '## Methods × backends',
    '',
    "images/s: the app's own path (Trainer scheduler → Run → read-back, in a Web Worker), after warm-up; bare: the same model and Adam in a plain " +
      'tfjs loop (gather → variableGrads → applyGradients, losses read back 3 steps behind), so overhead = Trainer ÷ bare. GFLOP/step: conv and ' +
      "matmul kernels of one step (tf.profile shapes on wasm); utilization = model GFLOP/s ÷ the backend's matmul GFLOP/s. Leak: tensors gained " +
      "per 100 steps of the Trainer (tf.memory, both ends paused between slices). Long tasks: the bench page's main thread meanwhile. " +
      "WASM runs on every thread it can here (the reference config, the threads menu's largest count); the app's default leaves one core to the page (see The app).",
    '',
    table(
      [
        'backend',
        'method',
        'images/s',
        'steps timed',
        'bare images/s',
        'overhead',
        'GFLOP/step',
        'model GFLOP/s',
        'utilization',
        'leak/100 steps',
        'long tasks',
      ],
      res.rows.map((r) => methodCell(r, flags)),
    ),
    '',
    ...(res.rows.some((r) => r.skipped?.startsWith('not measured'))
      ? [
          `A method needs at least 8 steps of the Trainer at batch ${res.config.batchSize} (it pauses only between slices of 4 steps: one slice of warm-up, one timed), then the bare loop's (see Backends). ` +
            'Rows marked "not measured" did not fit the time budget; `npm run bench -- --minutes N` gives the run more time.',
          '',
        ]
      : []),
  ];
}

/** The real app: click to first step, and ingestion. */
function appSection(res: SuiteRecord): string[] {
  const ingest = res.app.ingest;
  return [
    '## The app',
    '',
    `Click on the rotation card's **Start** (batch ${res.config.batchSize}) in the real app, until its status shows step ≥ 1; long tasks (> 50 ms) ` +
      "on the app's main thread from the click until the end of the watch, on the app's default WASM threads (every core but one). A 1-step run measures startup + one step; in a longer run " +
      'the status shows step 1 once the Trainer has read it back, after its first slice of 4 steps.',
    '',
    table(
      ['backend', 'WASM threads', 'run length', 'click → first step', 'steps seen', 'watched', "app's images/s", 'long tasks'],
      res.app.firstStep.map((f) => [
        f.backend,
        f.threads === null ? '—' : String(f.threads),
        `${f.runSteps.toLocaleString('en-US')} step${f.runSteps > 1 ? 's' : ''}`,
        f.error ? `error: ${f.error}` : `${num((f.clickToFirstStepMs ?? NaN) / 1000, 2)} s`,
        String(f.trainedSteps),
        `${num(f.trainSeconds)} s`,
        num(f.imagesPerSec),
        tasks(f.longTasks),
      ]),
    ),
    '',
    ingest
      ? `Ingestion: ${ingest.images.toLocaleString('en-US')} JPEGs (64×64, 10 class folders, generated by bench/jpegs.ts) through the app's folder input: ` +
        `${ingest.accepted.toLocaleString('en-US')} accepted in ${num(ingest.seconds)} s (${num(ingest.imagesPerSec, 0)} images/s) from the input's change event to the dataset on the device; long tasks: ${tasks(ingest.longTasks)}.`
      : 'Ingestion: not measured.',
    '',
  ];
}

/** Where the time goes: the reference network's step and the slowest method's, kernel by kernel. */
function profileSections(res: SuiteRecord): string[] {
  const lines: string[] = [];
  const refProfile = res.referenceDetails.profile;
  if (refProfile) {
    lines.push(
      `## Where the time goes: the reference network on ${PROFILED}`,
      '',
      `One SGD step (batch 32) under tf.profile: ${refProfile.kernels} kernel calls, ${num(refProfile.totalMs, 0)} ms of kernel time.`,
      '',
      kernelTable(refProfile),
      '',
    );
  }
  const p = res.profile;
  if (p) {
    lines.push(
      `## Where the time goes: ${p.method} on ${p.backend}`,
      '',
      `The slowest method on ${p.backend}, one optimizer step of the app's Run under tf.profile: ${p.kernels} kernel calls, ${num(p.totalMs, 0)} ms of kernel time, ${num(p.flopsPerStep / 1e9, 2)} GFLOP.`,
      '',
      kernelTable(p),
      '',
    );
  }
  return lines;
}

/** The suite's tables, under the common head (bench/render.ts). */
export function suiteMarkdown(res: SuiteRecord): string[] {
  const flags = benchFlags(res);
  const errors = res.errors.length ? ['## Errors', '', ...res.errors.map((e) => `- ${e}`), ''] : [];
  return [
    ...referenceSection(res, flags),
    ...methodsSection(res, flags),
    ...appSection(res),
    ...qualitySection(res.quality),
    ...profileSections(res),
    ...errors,
  ];
}
