import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';

export const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Page object for the method cards (MethodPanel) and the live training view (TrainingView). */
export class TrainingUi {
  constructor(readonly page: Page) {}

  get methodPanel(): Locator {
    return this.page.getByTestId('method-panel');
  }

  get trainingView(): Locator {
    return this.page.getByTestId('training-view');
  }

  card(method: string): Locator {
    return this.page.getByTestId(`method-card-${method}`);
  }

  /** Ids of the methods shown as cards, in page order. */
  async cardIds(): Promise<string[]> {
    const ids = await this.methodPanel
      .locator('[data-testid^="method-card-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    return ids.map((id) => id.slice('method-card-'.length));
  }

  /** The control of a shared field (width, steps…) or a method param, with its settings opened. */
  async param(method: string, key: string): Promise<Locator> {
    const settings = this.page.getByTestId(`settings-${method}`);
    const open = () => settings.evaluate((d) => (d as HTMLDetailsElement).open);
    if (!(await open())) await settings.locator('summary').click();
    await expect.poll(open).toBe(true);
    return this.page.getByTestId(`param-${method}-${key}`);
  }

  async setParam(method: string, key: string, value: string | number): Promise<void> {
    const input = await this.param(method, key);
    await input.fill(String(value));
    await input.blur();
    await expect(input).toHaveValue(String(value));
  }

  /** The tiny encoder e2e runs use (4 filters, 2 stages): fast on every backend, even SwiftShader. */
  async useTinyEncoder(method: string): Promise<void> {
    await this.setParam(method, 'width', 4);
    await this.setParam(method, 'depth', 2);
  }

  /** Start `method` with the tiny encoder. */
  async startTiny(method: string): Promise<void> {
    await this.useTinyEncoder(method);
    await this.startButton(method).click();
  }

  /** The card's Length menu (quick, standard, long, epochs…). */
  budget(method: string): Locator {
    return this.page.getByTestId(`budget-${method}`);
  }

  /** The card's estimate before Start: "≈ 4 min 10 s · 1,800 steps · 12 epochs". */
  estimate(method: string): Locator {
    return this.page.getByTestId(`estimate-${method}`);
  }

  /** The steps the card's budget resolves to, read from its estimate. */
  async plannedSteps(method: string): Promise<number> {
    const text = (await this.estimate(method).textContent()) ?? '';
    const m = /([\d,]+) steps/.exec(text);
    if (!m) throw new Error(`no steps in the estimate "${text}"`);
    return Number(m[1].replaceAll(',', ''));
  }

  selectBox(method: string): Locator {
    return this.page.getByTestId(`select-${method}`);
  }

  startButton(method: string): Locator {
    return this.page.getByTestId(`start-${method}`);
  }

  get trainSelectedButton(): Locator {
    return this.page.getByTestId('train-selected');
  }

  run(runId: string): Locator {
    return this.page.getByTestId(`run-${runId}`);
  }

  chart(kind: 'loss' | 'metric' | 'lr', runId: string): Locator {
    return this.page.getByTestId(`${kind}-chart-${runId}`);
  }

  /** Raw points behind a chart (its data-points attribute). */
  async chartPoints(kind: 'loss' | 'metric' | 'lr', runId: string): Promise<number> {
    return Number((await this.chart(kind, runId).getAttribute('data-points')) ?? 0);
  }

  /** Wait until a chart holds more raw points than `than`; returns the new count. */
  async waitForChartGrowth(kind: 'loss' | 'metric' | 'lr', runId: string, than: number, timeout = 90_000): Promise<number> {
    let n = than;
    await expect
      .poll(async () => (n = await this.chartPoints(kind, runId)), { timeout, intervals: [250, 500, 1000] })
      .toBeGreaterThan(than);
    return n;
  }

  async control(action: 'pause' | 'resume' | 'stop' | 'remove' | 'restart', runId: string): Promise<void> {
    await this.page.getByTestId(`${action}-${runId}`).click();
  }

  /** Serious and critical axe violations (WCAG 2 A/AA) on the page, as "rule: targets" lines. */
  async seriousA11yViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(', ')}`,
      );
  }

  /** A screenshot of the page (full length unless `fullPage` is false) or an element into e2e/artifacts/, attached to the report. */
  async screenshot(name: string, testInfo: TestInfo, target: Locator | Page = this.page, fullPage = true): Promise<void> {
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `${name}.png`);
    if ('goto' in target) await target.screenshot({ path: file, fullPage });
    else await target.screenshot({ path: file });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  }
}
