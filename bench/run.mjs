#!/usr/bin/env node
// `npm run bench -- [part] [options]`: the one entry point of every benchmark (`npm run bench -- --help` lists them).
// Each part writes bench/results/<part>.json (one format: bench/record.ts) and <part>.md (bench/render.ts);
// --quick runs write under bench/.tmp/ instead. `npm run quality` is `npm run bench -- quality`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A part run by Playwright against the bench build (the app + the bench page, bench/vite.config.ts). */
const browser = (spec) => ({ spec, options: '[--quick] [--minutes N] [--no-build]' });
/** A part run by Node (tsx); the script reads its own options and answers --help. */
const node = (script, options) => ({ script, options });

export const PARTS = {
  suite: {
    ...browser('bench/suite.bench.ts'),
    what: 'the app in Chromium on every backend: methods × backends, the reference network against PyTorch and ConvNetJS, first step, ingestion (~15 min; --quick ~1 min)',
  },
  estimates: {
    ...browser('bench/estimates.bench.ts'),
    what: "each card's run-time estimate before Start against the measured run, on WASM (~20 min; --quick one method)",
  },
  quality: {
    ...node(
      'bench/quality/quality.ts',
      '[--folder DIR] [--pool DIR] [--finetune 1|semi] [--jobs N] [--minutes M] [--marks 1,3] [--quick] …',
    ),
    ownHelp: true,
    what: 'learning quality in Node: every method pre-trains, then linear probe, kNN and label sweep (also `npm run quality`)',
  },
  kernels: {
    ...node('kernels/bench.ts', '[--quick]'),
    what: 'our WASM kernels against the formulations they replaced, in Node on one thread (CPU ms)',
  },
  methods: {
    ...node('bench/methods.ts', '[--methods a,b] [--profile] [--before DIR] [--quick]'),
    what: 'one training step of each method on tfjs-wasm in Node (CPU ms); --before DIR against another checkout',
  },
  gpu: {
    ...node('bench/gpu/bench.ts', '[--smoke] [--seconds N] [--peak-gflops N] [--stages a,b] [--batches 64,256] [--out DIR]'),
    what: 'WebGPU on a real GPU: tfjs-webgpu on Dawn in Node, no browser',
  },
  'gpu-pack': {
    ...node('bench/gpu/pack.ts', '[--out DIR] [--no-runtime] [--node PATH] [--libvulkan PATH]'),
    what: 'packs the GPU bench as one folder for a GPU machine (bench/.tmp/gpu/)',
  },
};

function help() {
  const lines = Object.entries(PARTS).map(([name, p]) => `  ${name.padEnd(10)} ${p.what}\n  ${' '.repeat(10)} ${p.options}`);
  return `npm run bench -- [part] [options]   (no part: suite)\n\nParts:\n${lines.join('\n')}\n\n--estimates is the estimates part. Results: bench/results/<part>.json and <part>.md.\n`;
}

const run = (cmd, args, env = {}) => {
  // (the native-config-loader notice is about bench/vite.config.ts importing ../vite.config without ".ts", which tsc requires)
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...env },
  });
  return r.status ?? 1;
};

/** The browser parts: builds the app with the bench page, then drives headless Chromium through the part's spec. */
function inBrowser(spec, argv) {
  const known = new Set(['--quick', '--no-build', '--minutes']);
  const unknown = argv.filter((a, i) => !known.has(a) && argv[i - 1] !== '--minutes');
  if (unknown.length) {
    process.stderr.write(`Unknown option(s): ${unknown.join(' ')}. Use --quick, --minutes N, --no-build.\n`);
    return 2;
  }
  if (!argv.includes('--no-build')) {
    const built = run('npx', ['vite', 'build', '-c', 'bench/vite.config.ts', '--logLevel', 'warn']);
    if (built !== 0) return built;
  }
  const i = argv.indexOf('--minutes');
  const env = { BENCH_QUICK: argv.includes('--quick') ? '1' : '0', ...(i >= 0 ? { BENCH_MINUTES: argv[i + 1] } : {}) };
  return run('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts', spec], env);
}

function main(argv) {
  const named = argv[0] && !argv[0].startsWith('--');
  if (named && !(argv[0] in PARTS)) {
    process.stderr.write(`Unknown part "${argv[0]}".\n\n${help()}`);
    return 2;
  }
  const name = named ? argv[0] : argv.includes('--estimates') ? 'estimates' : 'suite';
  const rest = (named ? argv.slice(1) : argv).filter((a) => a !== '--estimates');
  const part = PARTS[name];
  if (rest.includes('--help') && !part.ownHelp) {
    process.stdout.write(name === 'suite' && !named ? help() : `npm run bench -- ${name} ${part.options}\n  ${part.what}\n`);
    return 0;
  }
  return part.spec ? inBrowser(part.spec, rest) : run('npx', ['tsx', part.script, ...rest]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
