import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './code-blocks.js';

/**
 * What a fresh `tsc --init` project on Node.js uses, and then some:
 * `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`,
 * `verbatimModuleSyntax`, Node's ESM resolution. `skipLibCheck` stays on:
 * our declaration files are checked by the release check's consumer.
 */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node', 'vitest/globals'],
};

/** A block written to disk as a module. */
export interface BlockFile {
  block: CodeBlock;
  path: string;
  /** Lines of prelude before the block's first line. */
  preludeLines: number;
  /** Runs through vitest (it imports `vitest`) rather than tsx. */
  isTest: boolean;
}

export interface BlockDiagnostic {
  block: CodeBlock;
  /** `README.md:12` (or the prelude's place). */
  where: string;
  code: number;
  message: string;
}

function fileName(block: CodeBlock, isTest: boolean): string {
  const slug = block.readme.replace(/\.md$/i, '').replace(/[^\w]+/g, '-');
  return `${slug}-L${block.line}${isTest ? '.test' : ''}.ts`;
}

/** Writes every block that is not a sketch as its own module under `dir` (emptied first). */
export async function writeBlocks(blocks: CodeBlock[], dir: string): Promise<BlockFile[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files: BlockFile[] = [];
  for (const block of blocks) {
    if (block.sketch) continue;
    const isTest = block.runnable && /from\s+['"]vitest['"]/.test(block.code);
    const path = join(dir, fileName(block, isTest));
    const prelude = block.prelude ? `${block.prelude}\n` : '';
    // `export {}` makes every block a module: top-level await, no clashes between blocks.
    await writeFile(path, `${prelude}${block.code}\nexport {};\n`);
    files.push({
      block,
      path,
      preludeLines: prelude ? prelude.split('\n').length - 1 : 0,
      isTest,
    });
  }
  return files;
}

/** Type-checks the written blocks as one program; diagnostics point into the READMEs. */
export function compileBlocks(files: BlockFile[]): BlockDiagnostic[] {
  const program = ts.createProgram(
    files.map((file) => file.path),
    COMPILER_OPTIONS,
  );
  const byPath = new Map(files.map((file) => [file.path, file]));
  const found: BlockDiagnostic[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const file = diagnostic.file ? byPath.get(diagnostic.file.fileName) : undefined;
    if (!file || !diagnostic.file || diagnostic.start === undefined) {
      throw new Error(`TypeScript: ${message}`);
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const where =
      line < file.preludeLines
        ? `${file.block.readme}:${file.block.line} (prelude line ${line + 1})`
        : `${file.block.readme}:${file.block.line + line - file.preludeLines}`;
    found.push({ block: file.block, where, code: diagnostic.code, message });
  }
  return found;
}
