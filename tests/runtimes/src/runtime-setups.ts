import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import type { ScenarioConfig } from './scenario-config.js';
import { buildWorkerBundle, type WorkerBuild } from './worker-bundle.js';

const require = createRequire(import.meta.url);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(packageRoot, 'scenario', 'cli.mjs');

/** What `runScenario` answers: one entry per point, `{ ok, value }` or `{ ok: false, error }`. */
export type ScenarioResults = Record<
  string,
  { ok: boolean; value?: Record<string, unknown>; error?: { name?: string; message: string } }
>;

export interface RuntimeSetup {
  /** Shown in test names and the summary table. */
  name: string;
  /** What the User-Agent must carry, e.g. `bun/1.4.5` or `workerd`. */
  userAgentToken: string;
  /** workerd only: which esbuild bundle it runs. */
  bundle?: WorkerBuild;
  run(config: ScenarioConfig): Promise<ScenarioResults>;
}

/** The version a runtime package from npm installed (devDependencies of the root). */
function installedVersion(name: 'bun' | 'deno'): string {
  const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The binary the npm package installed (its postinstall puts it in the package). */
function binaryOf(name: 'bun' | 'deno'): string {
  const root = dirname(require.resolve(`${name}/package.json`));
  const binary = name === 'bun' ? join(root, 'bin', 'bun.exe') : join(root, 'deno');
  if (!existsSync(binary)) {
    throw new Error(
      `${name} is not installed at ${binary}: run \`pnpm install\` (its install script must be allowed in pnpm.onlyBuiltDependencies).`,
    );
  }
  return binary;
}

/** Runs the scenario CLI in a child process; a runtime that cannot start or run rejects. */
function runProcess(
  label: string,
  command: string,
  args: string[],
  config: ScenarioConfig,
): Promise<ScenarioResults> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, JSON.stringify(config)], {
      cwd: packageRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => reject(new Error(`${label} could not start: ${error.message}`)));
    child.on('close', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith('SCENARIO_RESULT '));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `${label} exited with ${code} without a result.\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-4000)}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice('SCENARIO_RESULT '.length)) as ScenarioResults);
    });
  });
}

/** A compatibility date workerd 1.20260730 supports; fixed, so the run never depends on today. */
export const CURRENT_COMPATIBILITY_DATE = '2026-07-30';
/** Before 2025-08-15, when workerd's nodejs_compat gained a node:http client. */
export const OLD_COMPATIBILITY_DATE = '2025-08-01';

function workerdSetup(
  name: string,
  compatibilityDate: string,
  compatibilityFlags: string[],
  build: WorkerBuild = 'workers',
): RuntimeSetup {
  return {
    name,
    userAgentToken: 'workerd',
    bundle: build,
    async run(config) {
      const bundle = await buildWorkerBundle(build);
      const worker = new Miniflare({
        modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.code }],
        compatibilityDate,
        compatibilityFlags,
      });
      try {
        const response = await worker.dispatchFetch('http://scenario.test/', {
          method: 'POST',
          body: JSON.stringify(config),
        });
        const text = await response.text();
        if (response.status !== 200)
          throw new Error(`${name} answered ${response.status}: ${text}`);
        return JSON.parse(text) as ScenarioResults;
      } finally {
        await worker.dispose();
      }
    },
  };
}

/**
 * The packages' Node build (what a bundler without the Workers conditions
 * picks) on workerd with nodejs_compat, where `process.getBuiltinModule`
 * answers: the Node adapter must notice it is not on Node and use fetch and
 * WebCrypto, at both dates. Beyond the six setups, for the run-time fallback.
 */
export function fallbackSetups(): RuntimeSetup[] {
  return [CURRENT_COMPATIBILITY_DATE, OLD_COMPATIBILITY_DATE].map((date) =>
    workerdSetup(`workerd nodejs_compat ${date}, Node build`, date, ['nodejs_compat'], 'node'),
  );
}

/** The six setups of the matrix. */
export function runtimeSetups(): RuntimeSetup[] {
  return [
    {
      name: 'node',
      userAgentToken: `node/${process.versions.node}`,
      run: (config) => runProcess('node', process.execPath, [cli], config),
    },
    {
      name: 'bun',
      userAgentToken: `bun/${installedVersion('bun')}`,
      run: (config) => runProcess('bun', binaryOf('bun'), ['--no-install', cli], config),
    },
    {
      name: 'deno',
      userAgentToken: `deno/${installedVersion('deno')}`,
      run: (config) =>
        runProcess(
          'deno',
          binaryOf('deno'),
          [
            'run',
            '--quiet',
            '--node-modules-dir=manual',
            // Only the fakes' ports: credentials are passed, so no --allow-env, and no file access.
            '--allow-net=127.0.0.1',
            cli,
          ],
          config,
        ),
    },
    workerdSetup('workerd', CURRENT_COMPATIBILITY_DATE, []),
    workerdSetup(
      `workerd nodejs_compat ${CURRENT_COMPATIBILITY_DATE}`,
      CURRENT_COMPATIBILITY_DATE,
      ['nodejs_compat'],
    ),
    workerdSetup(`workerd nodejs_compat ${OLD_COMPATIBILITY_DATE}`, OLD_COMPATIBILITY_DATE, [
      'nodejs_compat',
    ]),
  ];
}
