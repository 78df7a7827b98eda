import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What wrangler resolves for a Worker. */
export const WORKER_CONDITIONS = ['workerd', 'worker', 'browser'];

export interface WorkerBundle {
  code: string;
  /** Every input file esbuild put in the bundle. */
  inputs: string[];
  metafile: Metafile;
}

let cached: Promise<WorkerBundle> | undefined;

/**
 * The scenario bundled as a Worker: ESM, the Workers conditions, nothing
 * marked external, so a `node:` import anywhere in the packages fails the
 * build instead of being left for the runtime. Built once per run.
 */
export function buildWorkerBundle(): Promise<WorkerBundle> {
  cached ??= build({
    entryPoints: [join(packageRoot, 'scenario', 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: WORKER_CONDITIONS,
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).then((result) => ({
    code: result.outputFiles[0]?.text ?? '',
    inputs: Object.keys(result.metafile.inputs),
    metafile: result.metafile,
  }));
  return cached;
}
