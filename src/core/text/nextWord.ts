/** What the stepper shows for one position: the words so far, the true next word, the model's top k and the truth's rank (1 = best). */
export interface NextWordGuess {
  context: string[];
  truth: string;
  top: { word: string; p: number }[];
  truthRank: number;
}
