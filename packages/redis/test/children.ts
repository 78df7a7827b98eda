import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Worker {
  child: ChildProcess;
  /** Resolves with the first stdout line parsed as JSON that has `key`. */
  message<T = Record<string, unknown>>(key: string): Promise<T>;
  /** Every stdout line parsed so far. */
  messages(): Array<Record<string, unknown>>;
  send(line: string): void;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Runs `test/fixtures/<name>.ts` with tsx; its stdout is one JSON object a line. */
export function startWorker(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Worker {
  const script = fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const seen: Array<Record<string, unknown>> = [];
  const listeners: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      seen.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const listener of [...listeners]) listener();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    child,
    send: (line) => child.stdin!.write(`${line}\n`),
    exited,
    messages: () => [...seen],
    message<T>(key: string) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = seen.find((entry) => key in entry);
          if (!found) return false;
          resolve(found as T);
          return true;
        };
        if (check()) return;
        const listener = () => {
          if (check()) listeners.splice(listeners.indexOf(listener), 1);
        };
        listeners.push(listener);
        exited.then((code) => reject(new Error(`worker ${name} exited (${code}) before "${key}"`)));
      });
    },
  };
}
