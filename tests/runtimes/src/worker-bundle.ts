import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What wrangler resolves for a Worker. */
export const WORKER_CONDITIONS = ['workerd', 'worker', 'browser'];

/**
 * `workers`: the build wrangler makes (Workers conditions, nothing external,
 * so a `node:` import anywhere fails the build). `node`: the packages' Node
 * build, as a bundler without the Workers conditions would pick it (`node:*`
 * left to workerd's nodejs_compat), to prove the run-time fallback.
 */
export type WorkerBuild = 'workers' | 'node';

export interface WorkerBundle {
  code: string;
  /** Every input file esbuild put in the bundle. */
  inputs: string[];
  metafile: Metafile;
}

const cache = new Map<WorkerBuild, Promise<WorkerBundle>>();

/** The scenario bundled as a Worker (ESM), once per kind per run. */
export function buildWorkerBundle(kind: WorkerBuild = 'workers'): Promise<WorkerBundle> {
  let bundle = cache.get(kind);
  if (!bundle) {
    bundle = build({
      entryPoints: [join(packageRoot, 'scenario', 'worker.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: kind === 'workers' ? WORKER_CONDITIONS : ['node'],
      mainFields: ['browser', 'module', 'main'],
      external: kind === 'workers' ? [] : ['node:*'],
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    }).then((result) => ({
      code: result.outputFiles[0]?.text ?? '',
      inputs: Object.keys(result.metafile.inputs),
      metafile: result.metafile,
    }));
    cache.set(kind, bundle);
  }
  return bundle;
}
