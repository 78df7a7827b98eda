import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Folders whose subfolders may hold a README of their own. */
const GROUPS = ['packages', 'apps', 'examples', 'tests'];

/**
 * Every README of the repository: the root one, `bench/`, and one per
 * package, app, example and test suite. Generated ones (`.changeset/`) are not ours.
 */
export async function readmeFiles(root: string): Promise<string[]> {
  const found = ['README.md', 'bench/README.md'];
  for (const group of GROUPS) {
    const entries = await readdir(join(root, group), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, group, entry.name);
      const names = await readdir(dir);
      if (names.includes('README.md')) found.push(relative(root, join(dir, 'README.md')));
    }
  }
  return found.sort();
}
