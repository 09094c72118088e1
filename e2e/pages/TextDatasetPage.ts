import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { fixtures } from './LabPage';

/** Page object for text datasets in the dataset panel: the loaders, the summary, the reject report and the tokenizer card. */
export class TextDatasetPage {
  constructor(readonly page: Page) {}

  useSample(): Promise<void> {
    return this.page.getByTestId('use-text-sample').click();
  }

  /** A fixture folder through the folder picker (read as text when most of its files are .txt files). */
  loadFolder(name: string): Promise<void> {
    return this.page.getByTestId('folder-input').setInputFiles(path.join(fixtures, name));
  }

  /** Fixture files through the 'Open .txt files…' picker. */
  loadFiles(...names: string[]): Promise<void> {
    return this.page.getByTestId('text-input').setInputFiles(names.map((n) => path.join(fixtures, n)));
  }

  get name(): Locator {
    return this.page.getByTestId('text-name');
  }

  get count(): Locator {
    return this.page.getByTestId('text-count');
  }

  get summary(): Locator {
    return this.page.getByTestId('text-summary');
  }

  /** The class table's row for `cls`: its texts and books cells. */
  classRow(cls: string): Locator {
    return this.summary.getByRole('row', { name: cls });
  }

  get rejected(): Locator {
    return this.page.getByTestId('rejected-list');
  }

  get tokenizer(): Locator {
    return this.page.getByTestId('tokenizer-card');
  }

  /** Serious or critical WCAG 2.1 A/AA violations in the dataset panel (none expected). */
  async axeViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page: this.page }).include('[data-testid="dataset-panel"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
}
