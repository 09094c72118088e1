import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Page object for the "Compare methods" section: the table, the label-efficiency chart, projections, details. */
export class ComparePage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('compare-view');
  }

  row(runId: string): Locator {
    return this.page.getByTestId(`compare-row-${runId}`);
  }

  /** A table cell: `probe-<run>` and `knn-<run>`, the other columns `compare-<column>-<run>`. */
  cell(column: string, runId: string): Locator {
    return this.page.getByTestId(column === 'probe' || column === 'knn' ? `${column}-${runId}` : `compare-${column}-${runId}`);
  }

  /** Of these runs, the ones whose cell in `column` is marked best. */
  async markedBest(column: string, runIds: string[]): Promise<string[]> {
    const marked = await Promise.all(
      runIds.map((id) => this.cell(column, id).evaluate((td) => td.classList.contains('compare-table__best'))),
    );
    return runIds.filter((_, i) => marked[i]);
  }

  /** Run ids in table order. */
  async rowIds(): Promise<string[]> {
    const ids = await this.view
      .locator('[data-testid^="compare-row-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    return ids.map((id) => id.slice('compare-row-'.length));
  }

  header(column: string): Locator {
    return this.view.locator('th').filter({ has: this.page.getByTestId(`sort-${column}`) });
  }

  get efficiencyChart(): Locator {
    return this.page.getByTestId('label-efficiency-chart');
  }

  /** The label budgets a series of the label-efficiency chart has points for ("1", "4", …, "all"). */
  async efficiencyBudgets(seriesId: string): Promise<string[]> {
    const item = this.page.getByTestId(`efficiency-series-${seriesId}`);
    const n = Number(await item.getAttribute('data-points'));
    const budgets = ((await item.getAttribute('data-budgets')) ?? '').split(',').filter(Boolean);
    expect(budgets).toHaveLength(n);
    return budgets;
  }

  /** A label-efficiency point as the chart's table reads it: "35.0% (30.5–39.8)", the interval where known. */
  efficiencyPoint(seriesId: string, budget: string): Locator {
    return this.page.getByTestId(`efficiency-${seriesId}-${budget}`);
  }

  /** The error bars (95 % intervals) drawn on the label-efficiency chart, one per point. */
  get efficiencyErrorBars(): Locator {
    return this.efficiencyChart.locator('.recharts-errorBar');
  }

  projection(runId: string): Locator {
    return this.page.getByTestId(`projection-${runId}`);
  }

  /** Opens a run's details (per-class accuracy, confusion matrix, probe curve) and returns them. */
  async openDetails(runId: string): Promise<Locator> {
    const details = this.page.getByTestId(`details-${runId}`);
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
    return details;
  }

  async screenshot(name: string, testInfo: TestInfo): Promise<void> {
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `${name}.png`);
    await this.view.screenshot({ path: file });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  }

  /** Serious or critical axe violations inside the compare view. */
  async seriousA11yViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page: this.page }).include('[data-testid="compare-view"]').analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')})`,
      );
  }
}
