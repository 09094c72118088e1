#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --minutes N] [-- --no-build] [-- --estimates]`: builds the app with the bench page
// (bench/vite.config.ts), then drives headless Chromium through bench/suite.bench.ts (Playwright).
// Full: bench/results.json + bench/RESULTS.md. --quick (CI smoke): wasm, 2 methods, a few steps,
// 200-image ingest, no PyTorch install; writes bench/.tmp/quick/ instead. Exits non-zero when a method leaks tensors.
// --estimates runs bench/estimates.bench.ts instead: each method's estimate before Start against its measured run
// (bench/estimates.json + ESTIMATES.md, ~20 min; with --quick one method, ~2 min).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const known = new Set(['--quick', '--no-build', '--minutes', '--estimates']);
const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && argv[i - 1] !== '--minutes');
if (unknown.length) {
  process.stderr.write(`Unknown option(s): ${unknown.join(' ')}. Use --quick, --minutes N, --no-build, --estimates.\n`);
  process.exit(2);
}

const run = (cmd, args, env = {}) => {
  // (the native-config-loader notice is about bench/vite.config.ts importing ../vite.config without ".ts", which tsc requires)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...env } });
  return r.status ?? 1;
};

if (!flag('no-build')) {
  const built = run('npx', ['vite', 'build', '-c', 'bench/vite.config.ts', '--logLevel', 'warn']);
  if (built !== 0) process.exit(built);
}
const env = { BENCH_QUICK: flag('quick') ? '1' : '0', ...(value('minutes') ? { BENCH_MINUTES: value('minutes') } : {}) };
const spec = flag('estimates') ? 'bench/estimates.bench.ts' : 'bench/suite.bench.ts';
process.exit(run('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts', spec], env));
