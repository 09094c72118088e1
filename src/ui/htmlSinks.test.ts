import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// eslint.config.js forbids HTML sinks in src/: a file, folder or class name must never be parsed as markup.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('no HTML sinks in src/', () => {
  it('rejects innerHTML, outerHTML, insertAdjacentHTML and document.write', async () => {
    const code = [
      'export function show(el: HTMLElement, name: string): void {',
      '  el.innerHTML = name;',
      "  el['outerHTML'] = name;",
      "  el.insertAdjacentHTML('beforeend', name);",
      '  document.write(name);',
      '}',
    ].join('\n');
    expect(await ruleIds(code, 'src/ui/sink.ts')).toEqual(new Array(4).fill('no-restricted-properties'));
  });

  it('rejects dangerouslySetInnerHTML and accepts the same name rendered as text', async () => {
    const bad = 'export const Name = ({ name }: { name: string }) => <td dangerouslySetInnerHTML={{ __html: name }} />;\n';
    const good = 'export const Name = ({ name }: { name: string }) => <td title={name}>{name}</td>;\n';
    expect(await ruleIds(bad, 'src/ui/components/Sink.tsx')).toEqual(['no-restricted-syntax']);
    expect(await ruleIds(good, 'src/ui/components/Sink.tsx')).toEqual([]);
  });
});
