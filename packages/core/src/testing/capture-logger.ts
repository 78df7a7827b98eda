import type { Logger } from '../logger.js';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  object: Record<string, unknown>;
  message: string | undefined;
}

export interface CaptureLogger extends Logger {
  readonly lines: CapturedLine[];
  /** Every line as JSON text, for searching for a secret. */
  text(): string;
}

/** A logger that keeps every line at every level, for assertions. */
export function captureLogger(): CaptureLogger {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) => (object: Record<string, unknown>, message?: string) => {
      lines.push({ level, object, message });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((line) => JSON.stringify(line)).join('\n'),
  };
}
