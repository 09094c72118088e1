import type { VocabularySummary } from '../../../ingest/textIngest';

/** What the word tokenizer learned from the texts: its size, how many tokens it cannot name, and the first text as ids. */
export function TokenizerCard({ vocabulary }: { vocabulary: VocabularySummary }) {
  const { size, unknownRate, example } = vocabulary;
  return (
    <section className="tokenizer-card" aria-labelledby="tokenizer-heading" data-testid="tokenizer-card">
      <h3 id="tokenizer-heading">Tokenizer</h3>
      <p>
        Words and punctuation marks, lowercased. Vocabulary: <strong data-testid="tokenizer-size">{size.toLocaleString()}</strong> tokens
        (the most frequent words, and 4 special ones); <strong data-testid="tokenizer-unknown">{(100 * unknownRate).toFixed(1)}%</strong> of
        the words in these texts are outside it and read as &lt;unk&gt;.
      </p>
      <p className="small muted">The first text, tokenized (word → id; id 1 is &lt;unk&gt;):</p>
      <ol className="token-list" aria-label="The first text, tokenized" data-testid="tokenizer-example">
        {example.map((t, i) => (
          <li key={i}>
            <span className="mono">{t.word}</span> <span className="muted">{t.id}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
