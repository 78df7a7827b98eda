/**
 * The consumer half of `pnpm release:check`: packs every published package,
 * installs the tarballs together into a fresh npm project outside the
 * workspace (so nothing resolves through workspace links or hoisting), then
 * runs an ESM script, a CJS script, and tsc with node16 and bundler
 * resolution over every package's main and ./testing entry.
 *
 * Run through turbo (`pnpm release:check`), which builds every package first.
 * KEEP_RELEASE_CHECK_DIR=1 keeps the temp project for inspection.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks } from '../../tests/readme/src/code-blocks.js';
import { packLocalPrebuild } from './local-prebuild.js';
import { type PublishedPackage, publishedPackages } from './published-packages.js';
import { runStep, StepFailedError } from './run-step.js';
import { parseDiagnostics, triage } from './type-diagnostics.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./consumer/', import.meta.url));
const CONSUMER_FILES = ['consumer.mjs', 'consumer.cjs', 'consumer.ts'];
/** The checks both scripts run, on the modules each loaded its own way. */
const SHARED_FILES = ['consumer-checks.cjs'];
const TURBO_TASK = '//#release:check:consumer';

const timings: Array<[string, number]> = [];
const log = (line: string) => process.stdout.write(`[release:check] ${line}\n`);

async function step(
  label: string,
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
  env?: NodeJS.ProcessEnv,
) {
  log(`${label}…`);
  const result = await runStep(label, command, args, { cwd, ...(env ? { env } : {}) });
  timings.push([label, result.seconds]);
  return result;
}

/** Everything a new provider must be wired into, checked before the slow steps. */
async function checkWiring(packages: PublishedPackage[]): Promise<void> {
  const problems: string[] = [];
  for (const pkg of packages) {
    if (!(await exists(join(pkg.dir, 'dist')))) {
      problems.push(
        `${pkg.name} has no dist/: run this through \`pnpm release:check\` (turbo builds first).`,
      );
    }
  }
  const turbo = JSON.parse(await readFile(join(root, 'turbo.json'), 'utf8')) as {
    tasks: Record<string, { dependsOn?: string[] }>;
  };
  const dependsOn = turbo.tasks[TURBO_TASK]?.dependsOn ?? [];
  for (const pkg of packages) {
    if (!dependsOn.includes(`${pkg.name}#release:check`)) {
      problems.push(`turbo.json: ${TURBO_TASK} must depend on "${pkg.name}#release:check".`);
    }
  }
  for (const file of CONSUMER_FILES) {
    const text = await readFile(join(fixtures, file), 'utf8');
    for (const pkg of packages) {
      for (const specifier of [
        pkg.name,
        ...pkg.entries.map((entry) => `${pkg.name}${entry.slice(1)}`),
      ]) {
        if (!text.includes(`'${specifier}'`)) {
          problems.push(`scripts/release-check/consumer/${file} does not use '${specifier}'.`);
        }
      }
    }
  }
  if (problems.length > 0) throw new StepFailedError(`release wiring:\n- ${problems.join('\n- ')}`);
}

async function exists(path: string): Promise<boolean> {
  return readdir(path).then(
    () => true,
    () => false,
  );
}

/** The version the workspace itself uses, so the consumer runs what we test with. */
function workspaceVersion(packages: PublishedPackage[], name: string): string {
  for (const pkg of packages) {
    const version = pkg.dependencies[name] ?? pkg.devDependencies[name];
    if (version) return version;
  }
  throw new StepFailedError(`no published package depends on ${name}`);
}

/** A peer dependency's range: npm installs the newest version it allows, as a new user's `npm i` would. */
function peerRange(packages: PublishedPackage[], name: string): string {
  for (const pkg of packages) {
    const range = pkg.peerDependencies[name];
    if (range) return range;
  }
  throw new StepFailedError(`no published package has a peer dependency on ${name}`);
}

/**
 * The Redis README's Quick start as a file of the consumer project, checked
 * by tsc against the newest ioredis the peer range allows (two copies of
 * ioredis, or types that do not fit it, fail here).
 */
async function writeRedisQuickStart(consumer: string): Promise<void> {
  const readme = 'packages/redis/README.md';
  const [quickStart] = codeBlocks(readme, await readFile(join(root, readme), 'utf8'));
  if (!quickStart) throw new StepFailedError(`${readme} has no TypeScript block`);
  const prelude = quickStart.prelude ? `${quickStart.prelude}\n` : '';
  await writeFile(
    join(consumer, 'redis-quick-start.ts'),
    `${prelude}${quickStart.code}\nexport {};\n`,
  );
  await writeFile(
    join(consumer, 'tsconfig.readme.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
        },
        files: ['redis-quick-start.ts'],
      },
      null,
      2,
    )}\n`,
  );
}

/** A copy of the environment without pnpm/npm settings that would leak the workspace in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', ...extra };
}

async function main(): Promise<void> {
  const began = performance.now();
  const packages = await publishedPackages(root);
  log(`packages: ${packages.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}`);
  await checkWiring(packages);

  const work = await mkdtemp(join(tmpdir(), 'int-release-check-'));
  let passed = false;
  try {
    const tarballs = join(work, 'tarballs');
    const prebuilds = join(work, 'prebuilds');
    const consumer = join(work, 'consumer');
    await Promise.all([mkdir(tarballs), mkdir(prebuilds), mkdir(consumer)]);

    // pnpm pack rewrites workspace:^ ranges to the versions being released.
    const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
    const packStarted = performance.now();
    await Promise.all(
      packages.map((pkg) =>
        runStep(
          `pack ${pkg.name}`,
          process.execPath,
          [pnpm, 'pack', '--pack-destination', tarballs],
          {
            cwd: pkg.dir,
          },
        ),
      ),
    );
    timings.push(['pnpm pack (all, in parallel)', (performance.now() - packStarted) / 1_000]);
    const packed = await readdir(tarballs);
    const tarballOf = (pkg: PublishedPackage) => {
      const file = `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`;
      if (!packed.includes(file))
        throw new StepFailedError(`pnpm pack made no ${file} (got ${packed.join(', ')})`);
      return `file:${join(tarballs, file)}`;
    };

    const dependencies: Record<string, string> = {};
    for (const pkg of packages) dependencies[pkg.name] = tarballOf(pkg);
    // What an app adds itself: msw for the ./testing fakes, ioredis for @int/redis.
    dependencies.msw = workspaceVersion(packages, 'msw');
    dependencies.ioredis = peerRange(packages, 'ioredis');
    const rootManifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    dependencies['@types/node'] = rootManifest.devDependencies['@types/node'] ?? '^20';
    await writeFile(
      join(consumer, 'package.json'),
      `${JSON.stringify(
        {
          name: 'int-release-consumer',
          private: true,
          type: 'module',
          dependencies,
          // Every package's @int/core is the tarball, never the registry's.
          overrides: { '@int/core': '$@int/core' },
        },
        null,
        2,
      )}\n`,
    );
    for (const file of [
      ...CONSUMER_FILES,
      ...SHARED_FILES,
      'tsconfig.node16.json',
      'tsconfig.bundler.json',
    ]) {
      await copyFile(join(fixtures, file), join(consumer, file));
    }
    // The .cts twin checks the require-side (.d.cts) types under node16.
    await copyFile(join(fixtures, 'consumer.ts'), join(consumer, 'consumer.cts'));
    await writeRedisQuickStart(consumer);

    const sqlite = packages.find((pkg) => pkg.name === '@int/sqlite');
    const prebuild = sqlite ? await packLocalPrebuild(sqlite.dir, prebuilds) : undefined;
    log(
      prebuild
        ? `better-sqlite3: local prebuild ${prebuild.file}`
        : 'better-sqlite3: no local prebuild, compiling',
    );
    const env = cleanEnv(prebuild?.env ?? {});
    await step(
      'npm install (tarballs + registry)',
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      consumer,
      env,
    );
    await assertTarballsOnly(consumer, packages);

    const esm = await step('node consumer.mjs', process.execPath, ['consumer.mjs'], consumer, env);
    const cjs = await step('node consumer.cjs', process.execPath, ['consumer.cjs'], consumer, env);
    log(esm.output.trim());
    log(cjs.output.trim());
    for (const flavour of ['node16', 'bundler']) {
      await typeCheck(flavour, consumer, env);
    }
    const ioredis = JSON.parse(
      await readFile(join(consumer, 'node_modules', 'ioredis', 'package.json'), 'utf8'),
    ) as { version: string };
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await step(
      `tsc: redis README Quick start against ioredis ${ioredis.version} (newest in the peer range)`,
      process.execPath,
      [tsc, '-p', 'tsconfig.readme.json'],
      consumer,
      env,
    );
    passed = true;
  } finally {
    if (passed && !process.env.KEEP_RELEASE_CHECK_DIR)
      await rm(work, { recursive: true, force: true });
    else log(`consumer project kept at ${work}`);
  }
  for (const [label, seconds] of timings) log(`  ${seconds.toFixed(1).padStart(6)} s  ${label}`);
  log(`consumer check passed in ${((performance.now() - began) / 1_000).toFixed(1)} s`);
}

/**
 * tsc with skipLibCheck off, so our own .d.ts files are checked as a strict
 * consumer sees them. Errors in other libraries' declarations are counted,
 * not fatal; ours fail unless listed in KNOWN_DIAGNOSTICS (and then printed).
 */
async function typeCheck(flavour: string, consumer: string, env: NodeJS.ProcessEnv): Promise<void> {
  const label = `tsc --noEmit (${flavour})`;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  log(`${label}…`);
  const result = await runStep(label, process.execPath, [tsc, '-p', `tsconfig.${flavour}.json`], {
    cwd: consumer,
    env,
    allowExitCode: true,
  });
  timings.push([label, result.seconds]);
  const diagnostics = parseDiagnostics(result.output);
  if (result.exitCode !== 0 && diagnostics.length === 0) {
    throw new StepFailedError(`${label} exited with ${result.exitCode}:\n${result.output}`);
  }
  const { ours, known, thirdParty } = triage(diagnostics);
  for (const diagnostic of known) log(`  known (${flavour}): ${diagnostic.text.split('\n')[0]}`);
  if (thirdParty.length > 0) {
    const files = new Set(
      thirdParty.map((diagnostic) =>
        diagnostic.file
          .replace(/^.*node_modules\//, '')
          .split('/')
          .slice(0, 2)
          .join('/'),
      ),
    );
    log(
      `  ${thirdParty.length} diagnostics in third-party declarations ignored (${[...files].join(', ')})`,
    );
  }
  if (ours.length > 0) {
    throw new StepFailedError(
      `${label}: ${ours.length} type errors in our packages or the consumer code:\n${ours.map((diagnostic) => diagnostic.text).join('\n')}`,
    );
  }
}

/**
 * Each @int package is installed once, from its tarball: a second @int/core
 * (say, from the registry) would break `instanceof` on errors across packages.
 */
async function assertTarballsOnly(consumer: string, packages: PublishedPackage[]): Promise<void> {
  const lock = JSON.parse(await readFile(join(consumer, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string }>;
  };
  const problems: string[] = [];
  for (const pkg of packages) {
    const copies = Object.entries(lock.packages).filter(([path]) =>
      path.endsWith(`node_modules/${pkg.name}`),
    );
    if (copies.length !== 1) {
      problems.push(
        `${pkg.name} installed ${copies.length} times: ${copies.map(([path]) => path).join(', ')}`,
      );
    }
    for (const [path, entry] of copies) {
      if (!entry.resolved?.startsWith('file:')) {
        problems.push(`${path} resolved to ${entry.resolved ?? 'nothing'}, not a tarball`);
      }
    }
  }
  if (problems.length > 0) throw new StepFailedError(`install:\n- ${problems.join('\n- ')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[release:check] FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
