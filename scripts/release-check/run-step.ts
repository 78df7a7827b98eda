import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface StepOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Killed after this long. Default 10 minutes (a cold better-sqlite3 compile is slow). */
  timeoutMs?: number;
  /** Resolve with the exit code instead of failing on a non-zero exit. */
  allowExitCode?: boolean;
}

export interface StepResult {
  output: string;
  seconds: number;
  exitCode: number;
}

/** Thrown when a step fails; the message carries the step's whole output. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
}

/**
 * Runs one command, collecting stdout and stderr together; any non-zero exit,
 * signal or timeout fails loudly with the command, its directory and output.
 */
export function runStep(
  label: string,
  command: string,
  args: ReadonlyArray<string>,
  options: StepOptions,
): Promise<StepResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StepFailedError(`${label}: could not start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1_000;
      if (code === 0 || (options.allowExitCode && code !== null)) {
        resolve({ output, seconds, exitCode: code ?? 0 });
        return;
      }
      const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(
        new StepFailedError(
          `${label} ${why} after ${seconds.toFixed(1)} s\n$ ${[command, ...args].join(' ')}\n(in ${options.cwd})\n${output}`,
        ),
      );
    });
  });
}
