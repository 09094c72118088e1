import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PretextStatus } from '../../src/ui/statusApi';
import { host } from '../origin';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Page object for the lab: navigation, the status API, and the stable test ids. */
export class LabPage {
  readonly offOrigin: string[] = [];

  constructor(readonly page: Page) {
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.host !== host) this.offOrigin.push(req.url());
    });
  }

  /**
   * Open the app with an experiment link. Specs get the sample without its 10,000-photo unlabelled pool (fixed image
   * counts, less CPU) unless the query names `pool` itself (samplePool… and the pool spec do).
   */
  async open(query = ''): Promise<void> {
    const q = new URLSearchParams(query);
    if (!q.has('pool')) q.set('pool', 'none');
    await this.page.goto(`/?${q}`);
    await this.page.waitForFunction(() => typeof window.pretext?.status === 'function');
  }

  status(): Promise<PretextStatus> {
    return this.page.evaluate(() => window.pretext.status());
  }

  /** Poll the status API until `predicate` holds; returns the status that satisfied it. */
  async waitFor(predicate: (s: PretextStatus) => boolean, timeout = 120_000): Promise<PretextStatus> {
    let last: PretextStatus | null = null;
    await expect
      .poll(
        async () => {
          last = await this.status();
          return predicate(last);
        },
        { timeout, intervals: [250, 500, 1000] },
      )
      .toBe(true);
    return last!;
  }

  waitForDataset(images?: number): Promise<PretextStatus> {
    return this.waitFor((s) => s.dataset !== null && s.backend !== null && (images === undefined || s.dataset.images === images));
  }

  async loadFolder(name: string, timeout?: number): Promise<void> {
    await this.page.getByTestId('folder-input').setInputFiles(path.join(fixtures, name), { timeout });
  }

  /** Pick a backend in the badge's menu (the worker restarts on it). */
  chooseBackend(name: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu'): Promise<string[]> {
    return this.backendBadge.getByLabel('Backend').selectOption(name);
  }

  get backendBadge() {
    return this.page.getByTestId('backend-badge');
  }

  get rejectedList() {
    return this.page.getByTestId('rejected-list');
  }
}
