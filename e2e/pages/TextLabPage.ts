import type { Locator, Page } from '@playwright/test';

/** Page object for text training (src/ui/components/text/TextLab.tsx): the text method cards, the runs and their results. */
export class TextLabPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('text-lab');
  }

  card(method: string): Locator {
    return this.page.getByTestId(`text-card-${method}`);
  }

  /** Start `method` for a fixed number of steps. */
  async startSteps(method: string, steps: number): Promise<void> {
    await this.page.getByTestId(`text-length-${method}`).selectOption('steps');
    await this.page.getByTestId(`text-steps-${method}`).fill(String(steps));
    await this.page.getByTestId(`text-start-${method}`).click();
  }

  run(id: string): Locator {
    return this.page.getByTestId(`text-run-${id}`);
  }

  /** Run `id`'s live chart: perplexity (or loss) by step, with the held-out reference lines. */
  chart(id: string): Locator {
    return this.page.getByTestId(`text-chart-${id}`);
  }

  /** The raw points behind run `id`'s chart (0 while it has none). */
  async chartPoints(id: string): Promise<number> {
    return Number((await this.chart(id).getAttribute('data-points')) ?? 0);
  }

  /** A reference line of run `id`'s chart: 'bigram' (held-out, from the start) or 'held-out' (the run's, once evaluated). */
  chartRef(id: string, ref: 'bigram' | 'held-out'): Locator {
    return this.chart(id).locator(`[data-ref="${ref}"]`);
  }

  /** The results table's row of run `id`. */
  result(id: string): Locator {
    return this.page.getByTestId(`text-result-${id}`);
  }

  /** Stop a training run (it is evaluated at the step it reached). */
  stop(id: string): Promise<void> {
    return this.page.getByTestId(`text-stop-${id}`).click();
  }

  /** Delete an ended run (from this browser's storage too). */
  remove(id: string): Promise<void> {
    return this.page.getByTestId(`text-delete-${id}`).click();
  }

  get stepperSection(): Locator {
    return this.page.getByTestId('text-stepper');
  }

  /** The text compare view: the table, the verdict, the label-efficiency chart and the scratch baseline. */
  get compare(): Locator {
    return this.page.getByTestId('text-compare');
  }

  get verdict(): Locator {
    return this.page.getByTestId('text-compare-verdict');
  }

  /** Train supervised from scratch at each label budget for `steps` steps each. */
  async startScratch(steps: number): Promise<void> {
    await this.page.getByTestId('text-baseline-steps').fill(String(steps));
    await this.page.getByTestId('text-baseline-start').click();
  }

  get scratchStatus(): Locator {
    return this.page.getByTestId('text-baseline-status');
  }
}
