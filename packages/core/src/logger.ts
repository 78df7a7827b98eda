/** Shaped like pino so a pino (or compatible) logger can be passed as is. */
export interface Logger {
  debug(object: Record<string, unknown>, message?: string): void;
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
  /** As in pino: lets the client skip building lines nobody will see. */
  isLevelEnabled?(level: string): boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface ConsoleLoggerOptions {
  /** Lowest level written. Default `warn`, or `INT_LOG_LEVEL` when set. */
  level?: LogLevel | undefined;
  /** Where each JSON line goes. Default: `process.stderr` (or `console.error` outside Node). */
  write?: ((line: string) => void) | undefined;
}

function defaultWrite(line: string): void {
  if (typeof process !== 'undefined' && process.stderr?.write) process.stderr.write(`${line}\n`);
  else console.error(line);
}

/** One JSON object per line: `{ level, time, msg, ...fields }`. */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const envLevel =
    typeof process !== 'undefined'
      ? (process.env?.INT_LOG_LEVEL as LogLevel | undefined)
      : undefined;
  const level = options.level ?? (envLevel && envLevel in RANK ? envLevel : 'warn');
  const threshold = RANK[level];
  const write = options.write ?? defaultWrite;
  const emit =
    (name: Exclude<LogLevel, 'silent'>) => (object: Record<string, unknown>, message?: string) => {
      if (RANK[name] < threshold) return;
      write(
        JSON.stringify({ level: name, time: new Date().toISOString(), msg: message, ...object }),
      );
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    isLevelEnabled: (name) => name in RANK && RANK[name as LogLevel] >= threshold,
  };
}

/** Drops everything. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  isLevelEnabled: () => false,
};
