import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runStep } from './run-step.js';

export interface LocalPrebuild {
  /** The env var that points better-sqlite3's prebuild-install at `dir`. */
  env: Record<string, string>;
  /** e.g. `better-sqlite3-v12.9.0-node-v115-linux-x64.tar.gz` */
  file: string;
}

/**
 * better-sqlite3 installs through prebuild-install, which downloads a binary
 * from GitHub (unreachable here) and otherwise compiles SQLite from source
 * (minutes). prebuild-install first looks in a local prebuilds folder for the
 * exact file name it would download, so we tar the binary the workspace
 * already built for this Node ABI and platform under that name. A different
 * better-sqlite3 version, Node or platform misses the name and falls back to
 * the normal install, so this never hands a consumer a mismatched binary.
 */
export async function packLocalPrebuild(
  sqlitePackageDir: string,
  into: string,
): Promise<LocalPrebuild | undefined> {
  let moduleDir: string;
  try {
    const require = createRequire(join(sqlitePackageDir, 'package.json'));
    moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return undefined;
  }
  const binary = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return undefined;
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  // prebuild-install's name: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz;
  // libc is empty on glibc, which is the only case we fill.
  if (process.platform === 'linux' && isMusl()) return undefined;
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await runStep(
    'tar the workspace better-sqlite3 binary',
    'tar',
    ['-czf', join(into, file), 'build/Release/better_sqlite3.node'],
    { cwd: moduleDir },
  );
  return { env: { npm_config_better_sqlite3_local_prebuilds: into }, file };
}

function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return !report?.header?.glibcVersionRuntime;
}
