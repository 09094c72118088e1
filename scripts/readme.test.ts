import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The README is a user guide (issue #32): short, the two commands first, no dated figures, and every relative link in
// it and in docs/ leads somewhere.

const root = path.resolve(import.meta.dirname, '..');
const MAX_README_LINES = 250;
const TWO_COMMANDS = ['npm ci && npm run dev', 'npm test'];

/** Markdown without fenced code blocks. */
const unfenced = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '');

/** ... and without inline code: what is left are prose, links and headings. */
const prose = (md: string) => unfenced(md).replace(/`[^`\n]*`/g, '');

/** The targets of inline links and images: `[text](target)` and `![alt](target "title")`. */
function linkTargets(md: string): string[] {
  return [...prose(md).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(md: string): Set<string> {
  return new Set([...unfenced(md).matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => slug(m[1].replace(/`/g, ''))));
}

/** Why each relative link of `file` (relative to the repository root) leads nowhere: a missing file or heading. */
function brokenLinks(file: string, read: (file: string) => string | undefined): string[] {
  const source = read(file);
  if (source === undefined) return [`${file} is missing`];
  const out: string[] = [];
  for (const target of linkTargets(source)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [filePart, anchor] = target.split('#');
    const linked = filePart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(filePart))) : file;
    const text = read(linked);
    if (text === undefined) out.push(`${file}: ${target} (no ${linked})`);
    else if (anchor && linked.endsWith('.md') && !anchors(text).has(anchor)) out.push(`${file}: ${target} (no heading #${anchor})`);
  }
  return out;
}

/** The lines of the first fenced code block, comments and blank lines dropped. */
function firstCommands(md: string): string[] {
  const block = /^```[^\n]*\n([\s\S]*?)^```/m.exec(md);
  if (!block) return [];
  return block[1]
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const dated = (md: string) => md.match(/\b20\d\d-[01]\d-[0-3]\d\b/g) ?? [];

const readRepo = (file: string) => {
  const full = path.join(root, file);
  return existsSync(full) && statSync(full).isFile() ? readFileSync(full, 'utf8') : undefined;
};

describe('the checks themselves', () => {
  it('find links and images outside code, and skip code', () => {
    const md = '![a](docs/images/x.png) and [b](docs/b.md#part) `[c](nope.md)`\n```\n[d](nope.md)\n```\n[e](https://x.org)';
    expect(linkTargets(md)).toEqual(['docs/images/x.png', 'docs/b.md#part', 'https://x.org']);
  });

  it('make GitHub anchors', () => {
    expect(slug('Learning quality (npm run quality)')).toBe('learning-quality-npm-run-quality');
    expect(slug("One run's path")).toBe('one-runs-path');
    expect(slug('End-to-end tests (Playwright + Chromium)')).toBe('end-to-end-tests-playwright--chromium');
  });

  it('report a missing file, a missing heading, and nothing for a good link', () => {
    const files: Record<string, string> = {
      'README.md': '[a](docs/a.md#here) [b](docs/a.md#gone) [c](docs/none.md) [d](https://example.org/x)',
      'docs/a.md': '# A\n## Here\n[up](../README.md)',
    };
    const read = (f: string) => files[f];
    expect(brokenLinks('README.md', read)).toEqual([
      'README.md: docs/a.md#gone (no heading #gone)',
      'README.md: docs/none.md (no docs/none.md)',
    ]);
    expect(brokenLinks('docs/a.md', read)).toEqual([]);
  });

  it('read the first command block and find dates', () => {
    expect(firstCommands('# T\n```bash\nnpm ci   # set up\n\n# run\nnpm test\n```\n```\nlater\n```')).toEqual(['npm ci', 'npm test']);
    expect(dated('measured 2026-12-04, not 2026-13-40 or v2026')).toEqual(['2026-12-04']);
  });
});

describe('README.md', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it(`is at most ${MAX_README_LINES} lines`, () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('starts with the two commands: run the lab, run every test', () => {
    expect(readme.indexOf('```')).toBeLessThan(readme.indexOf('\n## '));
    expect(firstCommands(readme)).toEqual(TWO_COMMANDS);
  });

  it('carries no dates (dated figures live in the generated result files)', () => {
    expect(dated(readme)).toEqual([]);
  });

  it('links every page of docs/', () => {
    const linked = new Set(linkTargets(readme));
    const pages = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.filter((p) => !linked.has(`docs/${p}`))).toEqual([]);
  });
});

describe('relative links', () => {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);

  it.each(['README.md', ...docs])('in %s lead to a file and heading that exist', (file) => {
    expect(brokenLinks(file, readRepo)).toEqual([]);
  });
});
