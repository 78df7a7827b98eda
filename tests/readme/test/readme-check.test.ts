import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks } from '../src/code-blocks.js';
import { compileBlocks, writeBlocks } from '../src/compile-blocks.js';
import { anchorsOf, linkProblems } from '../src/readme-links.js';

const README = [
  '# Demo',
  '',
  '```ts',
  "const ok: string = 'compiles';",
  '```',
  '',
  '<!-- readme-check: prelude',
  'declare const maybe: string | undefined;',
  '-->',
  '```ts',
  'const options: { name?: string } = { name: maybe };',
  '```',
  '',
  '<!-- readme-check: sketch -->',
  '```ts',
  'this is not TypeScript',
  '```',
  '',
  '<!-- readme-check: runnable -->',
  '```ts',
  'console.log(1);',
  '```',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'readme-check-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codeBlocks', () => {
  it('reads every ts block with its line and the markers above it', () => {
    const blocks = codeBlocks('demo/README.md', README);
    expect(
      blocks.map(({ line, sketch, runnable, prelude }) => ({ line, sketch, runnable, prelude })),
    ).toEqual([
      { line: 4, sketch: false, runnable: false, prelude: '' },
      {
        line: 11,
        sketch: false,
        runnable: false,
        prelude: 'declare const maybe: string | undefined;',
      },
      { line: 16, sketch: true, runnable: false, prelude: '' },
      { line: 21, sketch: false, runnable: true, prelude: '' },
    ]);
  });

  it('refuses an unknown marker and a marker that does not stand above a block', () => {
    expect(() => codeBlocks('x.md', '<!-- readme-check: skecth -->\n```ts\n1\n```')).toThrow(
      /unknown readme-check marker "skecth"/,
    );
    expect(() =>
      codeBlocks('x.md', '<!-- readme-check: sketch -->\nSome prose.\n```ts\n1\n```'),
    ).toThrow(/right above a code block/);
  });
});

describe('compileBlocks', () => {
  it('reports a type error at its README line, under exactOptionalPropertyTypes, and skips sketches', async () => {
    const files = await writeBlocks(codeBlocks('demo/README.md', README), dir);
    expect(files).toHaveLength(3);
    const diagnostics = compileBlocks(files);
    expect(diagnostics.map(({ where, code }) => ({ where, code }))).toEqual([
      { where: 'demo/README.md:11', code: 2375 },
    ]);
  });
});

describe('linkProblems', () => {
  const repository = 'https://github.com/int-sdk/int';
  const root = new URL('../../../', import.meta.url).pathname;

  it('accepts absolute links to files that exist and anchors to headings', () => {
    const text = [
      '# Title',
      '## Size and speed',
      `[core](${repository}/tree/main/packages/core) [bench](${repository}/blob/main/bench/README.md)`,
      '[up](#size-and-speed) [out](https://docs.bullmq.io) [issues](https://github.com/int-sdk/int/issues)',
      '`[not](a-link)` and in code:',
      '```ts',
      'const x = a[0](1);',
      '```',
    ].join('\n');
    expect(linkProblems(text, 'README.md', repository, root)).toEqual([]);
    expect([...anchorsOf(text)]).toEqual(['title', 'size-and-speed']);
  });

  it('flags relative links, missing files and missing anchors', () => {
    const text = [
      '[results](../../bench/RESULTS.md)',
      `[gone](${repository}/blob/main/examples/nowhere.ts)`,
      '[anchor](#nothing-here)',
    ].join('\n');
    expect(linkProblems(text, 'README.md', repository, root)).toEqual([
      'README.md:1: ../../bench/RESULTS.md: relative links are dead on npm; use https://github.com/int-sdk/int/blob/main/…',
      'README.md:2: https://github.com/int-sdk/int/blob/main/examples/nowhere.ts: examples/nowhere.ts does not exist in the repository',
      'README.md:3: #nothing-here: no such heading',
    ]);
  });
});
