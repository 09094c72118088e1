import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../bench/results';

// The CI-sized benchmark (`npm run bench -- --quick`) runs here so it cannot rot: it builds the bench page,
// trains two methods on wasm through the app's Trainer, the reference network on tfjs and ConvNetJS, clicks
// Start in the app, ingests 200 JPEGs, and fails on a tensor leak or a missing figure.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('npm run bench -- --quick produces every figure and no method leaks tensors', async () => {
  test.setTimeout(6 * 60_000);
  const r = await new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn('node', ['bench/run.mjs', '--quick'], { cwd: root });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status, output }));
  });
  expect(r.status, r.output.slice(-4000)).toBe(0);
  const results = JSON.parse(readFileSync(path.join(root, 'bench/.tmp/quick/results.json'), 'utf8')) as BenchResults;
  expect(results.quick).toBe(true);
  const rows = results.rows.filter((row) => row.trainer);
  expect(rows.length).toBe(2);
  for (const row of rows) {
    expect(row.leakedPer100).toBe(0);
    expect(row.trainer!.imagesPerSec).toBeGreaterThan(0);
    expect(row.overheadRatio).toBeGreaterThan(0);
    expect(row.flopsPerStep).toBeGreaterThan(0);
  }
  expect(readFileSync(path.join(root, 'bench/.tmp/quick/RESULTS.md'), 'utf8')).toContain('| wasm |');
});
