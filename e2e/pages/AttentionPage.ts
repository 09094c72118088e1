import type { Locator, Page } from '@playwright/test';

/** Page object for the attention map of text runs (src/ui/components/text/AttentionMap.tsx). */
export class AttentionPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('text-attention');
  }

  /** The figure: data-block, data-head (from 0) and data-words say what it shows. */
  get map(): Locator {
    return this.page.getByTestId('attention-map');
  }

  get grid(): Locator {
    return this.page.getByTestId('attention-grid');
  }

  /** The line saying where the current word looks most. */
  get row(): Locator {
    return this.page.getByTestId('attention-row');
  }

  picker(which: 'run' | 'block' | 'head'): Locator {
    return this.page.getByTestId(`attention-${which}`);
  }

  /** Focus a picker or the grid and press `keys` in turn. */
  async press(target: Locator, ...keys: string[]): Promise<void> {
    await target.focus();
    for (const k of keys) await this.page.keyboard.press(k);
  }
}
