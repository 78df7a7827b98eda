import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface ShopProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `src/main.ts` as its own process, as `pnpm start` would, against
 * fakes that run elsewhere (`SHOP_FAKES_URL`, `SHOP_FAKES_TOKEN`), and waits until it serves.
 */
export async function spawnShop(options: {
  port: number;
  dataDir: string;
  fakesUrl: string;
  /** The fakes control server's token (`Sandbox.controlToken`). */
  fakesToken: string;
  env?: Record<string, string>;
}): Promise<ShopProcess> {
  // A clean environment: no REDIS_URL or provider keys leak in from the caller.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(options.port),
    SHOP_DATA_DIR: options.dataDir,
    SHOP_FAKES_URL: options.fakesUrl,
    SHOP_FAKES_TOKEN: options.fakesToken,
    SHOP_JOB_BACKOFF_MS: '100',
    SHOP_JOB_MAX_BACKOFF_MS: '500',
    SHOP_JOB_LEASE_MS: '1500',
    SHOP_PROVIDER_MAX_RETRIES: '1',
    SHOP_PROVIDER_RETRY_DELAY_MS: '50',
    INT_LOG_LEVEL: 'info',
    // `pnpm test:shifted` moves the wall clock of every process of a run: the shop moves with the test.
    ...pick(process.env, ['NODE_OPTIONS', 'INT_TEST_CLOCK_SHIFT_DAYS']),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${options.port}`;
  let exitCode: number | null | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  await waitFor(
    'the shop process to serve',
    async () => {
      if (exitCode !== undefined) throw new Error(`shop exited (${exitCode}):\n${output}`);
      const response = await fetch(`${url}/api/health`);
      return response.status === 200;
    },
    45_000,
    100,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- shop output ---\n${output}`);
  });
  return {
    child,
    url,
    output: () => output,
    kill: async (signal) => {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
