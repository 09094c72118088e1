import type { Locator, Page } from '@playwright/test';

/** Per canvas: its label and how many distinct opaque colours it shows (1 = a flat or blank image). */
export interface CanvasColours {
  label: string;
  colours: number;
}

/** Page object for one run's visualization panel (src/ui/components/viz). */
export class VisualizationPanel {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    runId: string,
  ) {
    this.root = page.getByTestId(`viz-${runId}`);
  }

  /** The MethodView kind the panel is showing ('' until the first visualization arrives). */
  kind(): Promise<string | null> {
    return this.root.getAttribute('data-kind');
  }

  /** The method's own view (inside the panel, without the filter grid). */
  view(testId: string): Locator {
    return this.root.getByTestId(testId);
  }

  get filters(): Locator {
    return this.root.getByTestId('viz-filters');
  }

  /** Read back the pixels of every canvas under `scope` in the page. */
  canvasColours(scope: Locator): Promise<CanvasColours[]> {
    return scope.locator('canvas').evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).map((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        const seen = new Set<number>();
        for (let p = 0; p < data.length; p += 4) if (data[p + 3] > 0) seen.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2]);
        return { label: c.getAttribute('aria-label') ?? '', colours: seen.size };
      }),
    );
  }

  get cpcStepper(): Locator {
    return this.root.getByTestId('cpc-stepper');
  }

  get cpcPosition(): Locator {
    return this.root.getByTestId('cpc-position');
  }

  async cpcRank(): Promise<number> {
    return Number(await this.root.getByTestId('cpc-rank').textContent());
  }
}
