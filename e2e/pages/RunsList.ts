import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { readKept } from '../chaos/checks';

/** Page object for the saved-runs list (components/runs/RunsPanel). */
export class RunsList {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('runs-panel');
  }

  row(id: string): Locator {
    return this.page.getByTestId(`saved-${id}`);
  }

  state(id: string): Locator {
    return this.page.getByTestId(`saved-state-${id}`);
  }

  async resume(id: string): Promise<void> {
    await this.page.getByTestId(`resume-saved-${id}`).click();
  }

  async remove(id: string): Promise<void> {
    await this.page.getByTestId(`delete-${id}`).click();
    await expect(this.row(id)).toHaveCount(0); // at once; the delete reaches IndexedDB after the writes queued before it
    await expect.poll(async () => (await readKept(this.page)).runs.some((r) => r.id === id)).toBe(false);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.page.getByTestId(`rename-${id}`).click();
    const input = this.page.getByTestId(`rename-input-${id}`);
    await input.fill(name);
    await input.press('Enter');
    await expect(this.page.getByTestId(`saved-name-${id}`)).toHaveText(name); // at once; IndexedDB after the writes queued before it
    await expect.poll(async () => (await readKept(this.page)).runs.find((r) => r.id === id)?.name).toBe(name);
  }

  /** Click Export and return the downloaded zip's bytes. */
  exportRun(id: string): Promise<Buffer> {
    return this.download(`export-${id}`);
  }

  /** Click Export all (every kept run, image and text) and return the zip's bytes. */
  exportAll(): Promise<Buffer> {
    return this.download('export-all');
  }

  /** Click a run's model or PyTorch-project download (ModelExports) and return the file's bytes. */
  exportModel(id: string, what: 'onnx' | 'safetensors' | 'pytorch'): Promise<Buffer> {
    return this.download(`export-${what}-${id}`);
  }

  private async download(testId: string): Promise<Buffer> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    return readFile(await download.path());
  }

  async importZip(name: string, buffer: Buffer): Promise<void> {
    await this.page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/zip', buffer });
  }
}
