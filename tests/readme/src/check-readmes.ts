/**
 * The README check (`pnpm test` runs it through turbo, after the packages are
 * built): every ```ts block of every README is compiled against the built
 * packages with `strict` and `exactOptionalPropertyTypes`, and the blocks
 * marked runnable are run. Markers (CONTRIBUTING.md, "README examples"):
 * `<!-- readme-check: sketch -->`, `<!-- readme-check: runnable -->`,
 * `<!-- readme-check: prelude ... -->` right above a block.
 *
 * `node --import tsx src/check-readmes.ts [README.md ...]` checks only those.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CodeBlock, codeBlocks } from './code-blocks.js';
import { compileBlocks, writeBlocks } from './compile-blocks.js';
import { readmeFiles } from './readme-files.js';
import { runBlocks } from './run-blocks.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const blocksDir = fileURLToPath(new URL('../.blocks/', import.meta.url));
const log = (line: string) => process.stdout.write(`[readme-check] ${line}\n`);

async function main(): Promise<void> {
  const began = performance.now();
  const only = process.argv.slice(2);
  const readmes = only.length > 0 ? only : await readmeFiles(root);
  const blocks: CodeBlock[] = [];
  for (const readme of readmes) {
    blocks.push(...codeBlocks(readme, await readFile(join(root, readme), 'utf8')));
  }
  const sketches = blocks.filter((block) => block.sketch);
  const files = await writeBlocks(blocks, blocksDir);
  log(
    `${readmes.length} READMEs, ${blocks.length} TypeScript blocks: ${files.length} compiled, ${sketches.length} sketches, ${files.filter((file) => file.block.runnable).length} runnable`,
  );
  const diagnostics = compileBlocks(files);
  for (const diagnostic of diagnostics) {
    log(
      `${diagnostic.where}: TS${diagnostic.code}: ${diagnostic.message.replace(/\n/g, '\n    ')}`,
    );
  }
  if (diagnostics.length > 0) {
    throw new Error(
      `${diagnostics.length} type errors in README blocks (generated files in ${blocksDir})`,
    );
  }
  const failed = (await runBlocks(files, blocksDir)).filter((result) => {
    log(`${result.ok ? 'ran' : 'FAILED'}: ${result.file.block.readme}:${result.file.block.line}`);
    return !result.ok;
  });
  for (const result of failed) {
    log(`${result.file.block.readme}:${result.file.block.line} output:\n${result.output}`);
  }
  if (failed.length > 0) throw new Error(`${failed.length} runnable README blocks failed`);
  log(`README check passed in ${((performance.now() - began) / 1_000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[readme-check] FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
