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
}
