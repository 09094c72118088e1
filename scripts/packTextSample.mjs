// Packs the built-in text sample into public/sample/text.bin: gzip-compressed JSON of a few public-domain paragraphs per
// book from a text folder in the layout <author>/<book>__p<n>.txt (class = author; the book, before "__", is kept in each
// name so that a train/test split can keep every book on one side). Not named .gz: static servers send such a file with
// Content-Encoding: gzip, and the browser would unpack it before the page's DecompressionStream does.
//   { name, source, classNames, names: ["austen/emma__p0000.txt", …], labels: [classIndex, …], texts: [paragraph, …] }
// Per author: BOOKS books spread over its sorted book list, PER_BOOK paragraphs spread over each book. Deterministic.
// Usage: npm run pack-text-sample [-- <text dir>]   (default ../shared/datasets/text-gutenberg-authors)
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BOOKS = 4;
const PER_BOOK = 30;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const textDir = resolve(repoRoot, process.argv[2] ?? '../shared/datasets/text-gutenberg-authors');
const outFile = join(repoRoot, 'public', 'sample', 'text.bin');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** `k` items spread evenly over `list` (all of it when shorter). */
const spread = (list, k) => (list.length <= k ? list : Array.from({ length: k }, (_, i) => list[Math.floor((i * list.length) / k)]));

const classNames = readdirSync(textDir)
  .filter((d) => statSync(join(textDir, d)).isDirectory())
  .sort(byName);
const names = [];
const labels = [];
const texts = [];
classNames.forEach((author, label) => {
  const files = readdirSync(join(textDir, author))
    .filter((f) => f.endsWith('.txt') && f.includes('__'))
    .sort(byName);
  const books = [...new Set(files.map((f) => f.slice(0, f.indexOf('__'))))];
  for (const book of spread(books, BOOKS)) {
    for (const f of spread(
      files.filter((x) => x.startsWith(`${book}__`)),
      PER_BOOK,
    )) {
      names.push(`${author}/${f}`);
      labels.push(label);
      texts.push(readFileSync(join(textDir, author, f), 'utf8').trim());
    }
  }
});
const sample = {
  name: 'Text sample',
  source:
    `${PER_BOOK} paragraphs from each of ${BOOKS} novels per author, from Project Gutenberg texts (public domain in the US), ` +
    'with the Project Gutenberg header and footer removed, quotes and dashes made plain ASCII and italic underscores dropped.',
  classNames,
  names,
  labels,
  texts,
};
const packed = gzipSync(JSON.stringify(sample), { level: 9 });
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, packed);
process.stdout.write(`packed ${texts.length} paragraphs, ${classNames.length} authors, ${packed.length} bytes → ${outFile}\n`);
