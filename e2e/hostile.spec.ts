import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONVERTED_COLOURS, writeTinyJpegs } from './fixtures/makeHostileCorpus.mjs';
import { fixtures, LabPage } from './pages/LabPage';

// path under e2e/fixtures → "ok" | "converted" | the rejection reason (written by fixtures/makeHostileCorpus.mjs)
const expected = JSON.parse(readFileSync(path.join(fixtures, 'hostile.expected.json'), 'utf8')) as Record<string, string>;
const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const HTML_NAME = 'hostile/names/<img src=x onerror=alert(1)>.jpg';
const HTML_CLASS = '<svg onload=alert(3)>';
const kept = (outcome: string) => outcome === 'ok' || outcome === 'converted';
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // the ingest's path order

/** Fails the test on any alert/confirm/prompt: a file name or class name that ran as HTML would open one. */
function forbidDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (d) => {
    opened.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return opened;
}

/** The centre pixel of thumbnail `index` (thumbnails follow the dataset's image order). */
function thumbnailPixel(page: Page, index: number): Promise<number[]> {
  return page
    .getByTestId('thumbnail-grid')
    .locator('canvas')
    .nth(index)
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
      return [d[0], d[1], d[2]];
    });
}

test('hostile corpus: every file is kept, converted or rejected with its reason, and nothing else is lost', async ({ page }, testInfo) => {
  const dialogs = forbidDialogs(page);
  const lab = new LabPage(page);
  await lab.open('?dataset=none');
  await lab.waitFor((s) => s.backend !== null);
  await lab.loadFolder('hostile');
  const s = await lab.waitFor((x) => x.dataset?.name === 'hostile');
  const ds = s.dataset!;

  const cases = Object.entries(expected).filter(([p]) => p.startsWith('hostile/'));
  const keptPaths = cases
    .filter(([, o]) => kept(o))
    .map(([p]) => p)
    .sort(byCodeUnits);
  const rows = await Promise.all(
    cases.map(async ([file, want]) => {
      const rejection = ds.rejected.find((r) => r.file === file);
      let got = rejection ? rejection.reason : 'kept';
      let pass = rejection ? !kept(want) && rejection.reason.includes(want) : kept(want);
      const colour = CONVERTED_COLOURS[file];
      if (!rejection && colour) {
        // a converted image: its thumbnail shows the colour it was drawn in, as RGB
        const rgb = await thumbnailPixel(page, keptPaths.indexOf(file));
        got = `kept, rgb(${rgb.join(',')})`;
        pass &&= rgb.every((v, k) => Math.abs(v - colour[k]) <= 3);
      }
      return { file, want, got, pass };
    }),
  );

  mkdirSync(artifacts, { recursive: true });
  const table = [
    `# Hostile-input corpus: ${cases.length} files, ${keptPaths.length} kept, ${ds.rejected.length} rejected`,
    '',
    '| File | Expected | Outcome | |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.file.replaceAll('|', '\\|')}\` | ${r.want} | ${r.got} | ${r.pass ? 'pass' : '**FAIL**'} |`),
    '',
  ].join('\n');
  const file = path.join(artifacts, 'hostile-outcomes.md');
  writeFileSync(file, table);
  await testInfo.attach('hostile-outcomes.md', { path: file, contentType: 'text/markdown' });

  expect(
    rows.filter((r) => !r.pass),
    table,
  ).toEqual([]);
  // nothing lost and nothing invented: every kept file is an image, every other file is listed once
  expect(ds.images).toBe(keptPaths.length);
  expect(ds.rejected.map((r) => r.file).sort(byCodeUnits)).toEqual(
    cases
      .filter(([, o]) => !kept(o))
      .map(([p]) => p)
      .sort(byCodeUnits),
  );
  // labels: the first folder under the picked one, however deep the file; top-level files are unlabelled
  const classOf = (p: string) => {
    const parts = p.split('/');
    return parts.length > 2 ? parts[1] : null;
  };
  const classes = [...new Set(keptPaths.map(classOf).filter((c) => c !== null))].sort(byCodeUnits);
  expect(ds.classes).toEqual(classes);
  expect(ds.counts).toEqual(classes.map((c) => keptPaths.filter((p) => classOf(p) === c).length));
  expect(ds.counts[classes.indexOf('solo')]).toBe(1);
  expect(ds.counts[classes.indexOf('deep')]).toBe(1);

  // names are text, never markup: the HTML file name is listed literally, the HTML class name is a literal title
  await lab.rejectedList.locator('summary').click();
  await expect(lab.rejectedList.getByText(HTML_NAME, { exact: true })).toBeVisible();
  await expect(page.getByTestId('thumbnail-grid').locator(`canvas[title="${HTML_CLASS}"]`)).toHaveCount(1);
  await expect(page.getByTestId('dataset-summary').getByText(HTML_CLASS, { exact: true })).toBeVisible();
  await expect(page.locator('img[src="x"], [onerror], [onload]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});

test('a folder with a single class loads and trains; the probe explains it needs two classes', async ({ page }) => {
  const dialogs = forbidDialogs(page);
  const lab = new LabPage(page);
  await lab.open('?dataset=none&methods=rotation&steps=4&batch=4&autostart=1');
  await lab.waitFor((s) => s.backend !== null);
  await lab.loadFolder('hostile-single');
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'done' && x.runs[0].probe !== undefined, 120_000);
  const files = Object.keys(expected).filter((p) => p.startsWith('hostile-single/'));
  expect(s.dataset).toMatchObject({
    name: 'hostile-single',
    images: files.length,
    classes: ['cats'],
    counts: [files.length],
    rejected: [],
  });
  expect(s.runs[0].step).toBe(4);
  expect(s.runs[0].probe).toMatchObject({ accuracy: null, knn: null });
  await expect(page.getByTestId('compare-reason')).toContainText('at least two classes');
  expect(dialogs).toEqual([]);
});

test('10,000 files ingest with the page responsive and the progress bar counting', async ({ page }) => {
  test.setTimeout(240_000);
  const COUNT = 10_000;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pretext-hostile-'));
  const folder = path.join(tmp, 'tenthousand');
  try {
    writeTinyJpegs(folder, COUNT);
    const lab = new LabPage(page);
    await lab.open('?dataset=none');
    await lab.waitFor((s) => s.backend !== null);
    const started = Date.now();
    await page.getByTestId('folder-input').setInputFiles(folder);
    const progress = page.getByTestId('ingest-progress');
    await expect(progress).toContainText(/[\d,]+ \/ 10,000 files/);

    // while decoding: a button click is handled and painted (the theme flips) within a second, again and again.
    // Measured in the page, from the input event's time stamp to the next frame after its handler ran.
    await page.evaluate(() => {
      const w = window as unknown as { clickToFrame: number[] };
      w.clickToFrame = [];
      document.addEventListener('click', (e) => requestAnimationFrame(() => w.clickToFrame.push(performance.now() - e.timeStamp)), true);
    });
    const toggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
    const roundTrips: number[] = [];
    const counts: number[] = [];
    while ((await lab.status()).ingest !== null && roundTrips.length < 10) {
      const before = await toggle.getAttribute('aria-label');
      const t0 = Date.now();
      await toggle.click();
      await expect(toggle).not.toHaveAttribute('aria-label', before!, { timeout: 5000 });
      roundTrips.push(Date.now() - t0);
      // the bar goes away when the ingest ends, maybe since the status was read: do not wait for it
      const shown = await progress
        .locator('progress')
        .getAttribute('value', { timeout: 1000 })
        .catch(() => null);
      if (shown !== null) counts.push(Number(shown));
    }
    const latencies = await page.evaluate(() => (window as unknown as { clickToFrame: number[] }).clickToFrame.map(Math.round));
    const s = await lab.waitFor((x) => x.dataset?.name === 'tenthousand', 180_000);
    const seconds = (Date.now() - started) / 1000;
    const note = `${COUNT} files in ${seconds.toFixed(1)} s; click → frame ${latencies.join(', ')} ms (test round trips ${roundTrips.join(', ')} ms); progress values seen ${counts.join(', ')}`;
    test.info().annotations.push({ type: 'ingest', description: note });
    console.log(note);

    expect(latencies.length).toBeGreaterThanOrEqual(3); // the clicks really happened during the ingest
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(counts.some((c) => c > 0 && c < COUNT)).toBe(true); // the bar moved through intermediate counts
    expect(s.dataset).toMatchObject({ images: COUNT, rejected: [], classes: Array.from({ length: 10 }, (_, c) => `c${c}`) });
    expect(s.dataset!.counts).toEqual(new Array(10).fill(COUNT / 10));
    await expect(page.getByTestId('dataset-count')).toHaveText('10,000');
    expect(lab.offOrigin).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('privacy: the built page carries a CSP that blocks every connection off the origin', async ({ page }) => {
  const lab = new LabPage(page);
  // Chromium reports a CSP-blocked image as a request that failed with "csp" before reaching the network
  const outcomes: string[] = [];
  page.on('requestfailed', (r) => {
    if (r.url().includes('example.com')) outcomes.push(`${r.url()} failed: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('example.com')) outcomes.push(`${r.url()} answered ${r.status()}`);
  });
  await lab.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/connect-src[^;]*(https?:|\*)/);

  const result = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const fetched = await fetch('https://example.com/').then(
      () => 'fetched',
      (e: Error) => `rejected: ${e.name}`,
    );
    const img = await new Promise<string>((resolve) => {
      const el = new Image();
      el.onload = () => resolve('loaded');
      el.onerror = () => resolve('blocked');
      el.src = 'https://example.com/pixel.png';
    });
    await new Promise((r) => setTimeout(r, 100)); // violation events are dispatched as tasks
    return { fetched, img, violations };
  });
  expect(result.fetched).toBe('rejected: TypeError');
  expect(result.img).toBe('blocked');
  expect(result.violations).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^connect-src https:\/\/example\.com/),
      expect.stringMatching(/^img-src https:\/\/example\.com/),
    ]),
  );
  await expect.poll(() => outcomes).toEqual(['https://example.com/pixel.png failed: csp']); // the fetch made no request at all
  expect(lab.offOrigin).toEqual(['https://example.com/pixel.png']);
});
