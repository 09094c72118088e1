// Pure helpers of the attention map: what a word looks at most, said in words.

const percent = (w: number) => `${Math.round(100 * w)} %`;

/** The `k` words a row of attention weights puts most on, largest first (position order breaks ties). */
export function strongest(row: number[], words: string[], k: number): { word: string; at: number; w: number }[] {
  return row
    .map((w, at) => ({ word: words[at], at, w }))
    .sort((a, b) => b.w - a.w || a.at - b.at)
    .slice(0, k);
}

/** One row read aloud: 'Word 3, “sat”, looks at “cat” 61 %, “sat” 30 %, “<bos>” 9 %.' */
export function rowSentence(row: number[], words: string[], at: number, k = 3): string {
  const top = strongest(row, words, k).map((s) => `“${s.word}” ${percent(s.w)}`);
  return `Word ${at + 1}, “${words[at]}”, looks at ${top.join(', ')}.`;
}
