import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { BlockFile } from './compile-blocks.js';

export interface RunResult {
  file: BlockFile;
  ok: boolean;
  output: string;
}

const require = createRequire(import.meta.url);

function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    // A block that hangs fails instead of holding CI.
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * Runs the blocks marked runnable, as written: those importing `vitest`
 * through `vitest run` (one run for all of them), the others as scripts
 * through tsx, one process each.
 */
export async function runBlocks(files: BlockFile[], dir: string): Promise<RunResult[]> {
  const runnable = files.filter((file) => file.block.runnable);
  const results: RunResult[] = [];
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  for (const file of runnable.filter((candidate) => !candidate.isTest)) {
    const { code, output } = await run(process.execPath, [tsx, basename(file.path)], dir);
    results.push({ file, ok: code === 0, output });
  }
  const tests = runnable.filter((file) => file.isTest);
  if (tests.length > 0) {
    await writeFile(
      join(dir, 'vitest.config.mjs'),
      "export default { test: { include: ['*.test.ts'], testTimeout: 60000, hookTimeout: 60000 } };\n",
    );
    const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
    for (const file of tests) {
      const { code, output } = await run(
        process.execPath,
        [vitest, 'run', '--config', 'vitest.config.mjs', basename(file.path)],
        dir,
      );
      results.push({ file, ok: code === 0, output });
    }
  }
  return results;
}
