import { describe, expect, it } from 'vitest';
import { readFiles } from './readFiles';

describe('readFiles', () => {
  it("gives each file's bytes in order, and the reason for a file it was told to skip", async () => {
    const files = [new Blob(['ab']), new Blob(['skip me']), new Blob(['']), new Blob(['cde'])];
    const read = await readFiles(files, [null, 'too large', null, null]);
    expect(read.map((r) => (typeof r === 'string' ? r : new TextDecoder().decode(r)))).toEqual(['ab', 'too large', '', 'cde']);
  });
});
