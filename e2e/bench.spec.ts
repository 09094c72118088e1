import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, ownBrowser, within } from '../bench/harness';
import type { SuiteRecord } from '../bench/results';

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
  const results = JSON.parse(readFileSync(path.join(root, 'bench/.tmp/quick/suite.json'), 'utf8')) as SuiteRecord;
  expect([results.part, results.quick]).toEqual(['suite', true]);
  const rows = results.rows.filter((row) => row.trainer);
  expect(rows.length).toBe(2);
  for (const row of rows) {
    expect(row.leakedPer100).toBe(0);
    expect(row.trainer!.imagesPerSec).toBeGreaterThan(0);
    expect(row.overheadRatio).toBeGreaterThan(0);
    expect(row.flopsPerStep).toBeGreaterThan(0);
  }
  expect(readFileSync(path.join(root, 'bench/.tmp/quick/suite.md'), 'utf8')).toContain('| wasm |');
});

/**
 * Keeps the GPU busy for far longer than any test: a full-canvas shader of a million steps per pixel, then a read.
 * (This and clearedPixel run in the page, each sent on its own: neither may call a helper.)
 */
function holdGpu(): number {
  const canvas = Object.assign(document.createElement('canvas'), { width: 2048, height: 2048 });
  const gl = canvas.getContext('webgl2')!;
  const program = gl.createProgram()!;
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, `#version 300 es\nprecision highp float;\n${source}`);
    gl.compileShader(s);
    gl.attachShader(program, s);
  };
  shader(gl.VERTEX_SHADER, 'in vec2 a; void main() { gl_Position = vec4(a, 0, 1); }');
  shader(
    gl.FRAGMENT_SHADER,
    'out vec4 o; void main() { float x = gl_FragCoord.x; for (int i = 0; i < 1000000; i++) x = fract(sin(x) * 43758.5); o = vec4(x); }',
  );
  gl.linkProgram(program);
  gl.useProgram(program);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.drawArrays(gl.TRIANGLES, 0, 3);
  const px = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  return px[0];
}

/** A cleared 1-pixel read: answers at once on a free GPU. */
function clearedPixel(): number {
  const gl = document.createElement('canvas').getContext('webgl2')!;
  gl.clearColor(1, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  const px = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  return px[0];
}

// A page that holds the (software) GPU makes every later page of its browser wait on the one GPU process: the
// bench runs each part in a browser of its own so that a stuck backend takes only its own part down.
test('a bench part whose GPU stops answering does not hold up the next part', async ({ playwright, launchOptions }) => {
  const inOwnBrowser = ownBrowser(playwright.chromium, launchOptions);
  const stuck = await inOwnBrowser(async (browser) => {
    const page = await browser.newPage();
    return within(page.evaluate(holdGpu), 3_000, 'hold the GPU').catch(describe);
  });
  expect(stuck).toBe('hold the GPU: no answer within 3 s');
  const next = await inOwnBrowser(async (browser) => within((await browser.newPage()).evaluate(clearedPixel), 30_000, 'next part'));
  expect(next).toBe(255);
});
