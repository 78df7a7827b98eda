import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
  /** Subpaths the package exports besides `.` and `./package.json`, e.g. `./testing`. */
  entries: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

interface Manifest {
  name?: string;
  version?: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every non-private package under `packages/`, in name order. */
export async function publishedPackages(root: string): Promise<PublishedPackage[]> {
  const packagesDir = join(root, 'packages');
  const found: PublishedPackage[] = [];
  for (const entry of await readdir(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packagesDir, entry.name);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (manifest.private || !manifest.name || !manifest.version) continue;
    found.push({
      name: manifest.name,
      version: manifest.version,
      dir,
      entries: Object.keys(manifest.exports ?? {}).filter(
        (key) => key !== '.' && key !== './package.json',
      ),
      dependencies: manifest.dependencies ?? {},
      devDependencies: manifest.devDependencies ?? {},
      peerDependencies: manifest.peerDependencies ?? {},
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
