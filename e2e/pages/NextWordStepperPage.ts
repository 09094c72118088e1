import type { Locator, Page } from '@playwright/test';

/** Page object for the next-word stepper (src/ui/components/text/NextWordStepper.tsx). */
export class NextWordStepperPage {
  constructor(readonly page: Page) {}

  get stepper(): Locator {
    return this.page.getByTestId('next-word-stepper');
  }

  get sentence(): Locator {
    return this.page.getByTestId('next-word-sentence');
  }

  get position(): Locator {
    return this.page.getByTestId('next-word-position');
  }

  get rank(): Locator {
    return this.page.getByTestId('next-word-rank');
  }

  /** The top guesses' lines ("the 40%"), best first. */
  get guesses(): Locator {
    return this.stepper.locator('.prob-bars li');
  }

  get trueGuess(): Locator {
    return this.stepper.locator('.prob-bars--true');
  }

  /** Focus the stepper and press `keys` in turn. */
  async press(...keys: string[]): Promise<void> {
    await this.stepper.focus();
    for (const k of keys) await this.page.keyboard.press(k);
  }

  async askSentence(sentence: string): Promise<void> {
    const box = this.page.getByTestId('next-word-own');
    await box.getByLabel('Your own sentence').fill(sentence);
    await box.getByRole('button', { name: 'Guess each word' }).click();
  }
}
