import type { Locator, Page } from '@playwright/test';

/** Page object for the page's layout at a viewport size: overflow, and how much of a panel its content covers. */
export class Layout {
  constructor(readonly page: Page) {}

  /** How far the page is wider than the viewport, in CSS px (0: no horizontal scrolling). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  /** The span of `items`' boxes (leftmost left to rightmost right) as a fraction of `panel`'s content width. */
  async coverage(panel: Locator, items: Locator): Promise<number> {
    const inner = await panel.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    });
    const boxes = await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
    return (Math.max(...boxes.map((b) => b[1])) - Math.min(...boxes.map((b) => b[0]))) / inner;
  }

  /** Test ids of the run panels in the training view, top to bottom. */
  runPanelOrder(): Promise<string[]> {
    return this.page
      .getByTestId('training-view')
      .locator('article.run-view')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('run-'.length)));
  }

  /** A canvas's pixels as a data URL (equal strings: the same picture). */
  canvasPixels(canvas: Locator): Promise<string> {
    return canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  }
}
