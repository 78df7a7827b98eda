/**
 * The link check of the packed READMEs (`pnpm test` runs it after the README
 * check): every published package is packed with `pnpm pack`, and the
 * README.md and package.json inside the tarball are checked: no relative link
 * (dead on npmjs.com), links into the repository point at files that exist
 * here, and `repository`, `homepage` and `bugs` name the repository. Nothing
 * reaches the network.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { linkProblems, repositoryUrl } from './readme-links.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const log = (line: string) => process.stdout.write(`[link-check] ${line}\n`);

interface Manifest {
  name: string;
  private?: boolean;
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
}

/** What each published package.json must say, derived from the root's `repository`. */
function metadataProblems(manifest: Manifest, dir: string, repository: string): string[] {
  const expected = {
    repository: { type: 'git', url: `git+${repository}.git`, directory: `packages/${dir}` },
    homepage: `${repository}/tree/main/packages/${dir}#readme`,
    bugs: { url: `${repository}/issues` },
  };
  const problems: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    const actual = manifest[field as keyof typeof expected];
    if (JSON.stringify(actual) !== JSON.stringify(value)) {
      problems.push(
        `${manifest.name} package.json ${field}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`,
      );
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const repository = await repositoryUrl(root);
  const work = await mkdtemp(join(tmpdir(), 'int-link-check-'));
  const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  const problems: string[] = [];
  try {
    const dirs: string[] = [];
    for (const dir of await readdir(join(root, 'packages'))) {
      const manifest = JSON.parse(
        await readFile(join(root, 'packages', dir, 'package.json'), 'utf8').catch(() => '{}'),
      ) as Manifest;
      if (manifest.name && !manifest.private) dirs.push(dir);
    }
    await Promise.all(
      dirs.map(async (dir) => {
        const into = join(work, dir);
        const { stdout } = await run(process.execPath, [pnpm, 'pack', '--pack-destination', into], {
          cwd: join(root, 'packages', dir),
        });
        const tarball = (await readdir(into)).find((file) => file.endsWith('.tgz'));
        if (!tarball) throw new Error(`pnpm pack made no tarball for packages/${dir}: ${stdout}`);
        await run('tar', ['-xzf', join(into, tarball), '-C', into]);
        const readme = await readFile(join(into, 'package', 'README.md'), 'utf8').catch(
          () => undefined,
        );
        const manifest = JSON.parse(
          await readFile(join(into, 'package', 'package.json'), 'utf8'),
        ) as Manifest;
        if (readme === undefined)
          problems.push(`${manifest.name}: README.md is not in the tarball`);
        else
          problems.push(
            ...linkProblems(readme, `${manifest.name} (packed) README.md`, repository, root),
          );
        problems.push(...metadataProblems(manifest, dir, repository));
        log(`${manifest.name}: packed README checked`);
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  for (const problem of problems) log(problem);
  if (problems.length > 0) throw new Error(`${problems.length} link or metadata problems`);
  log(`every packed README links only to ${repository} files that exist, or outside it`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[link-check] FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
