import { Writable } from 'node:stream';
import { type LevelWithSilent, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** `json` for the server (one JSON object a line); `human` for the CLI (short lines on stderr). */
  format: 'json' | 'human';
  level?: LevelWithSilent;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
}

/** Creates the process logger. The CLI is quiet by default: warnings and errors only. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const level = options.level ?? (options.format === 'json' ? 'info' : 'warn');
  if (options.format === 'json') {
    return pino(
      { level },
      new Writable({
        write(chunk, _encoding, done) {
          write(String(chunk));
          done();
        },
      }),
    );
  }
  return pino(
    { level, base: null, timestamp: false },
    new Writable({
      write(chunk, _encoding, done) {
        write(humanLine(String(chunk)));
        done();
      },
    }),
  );
}

const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

function humanLine(json: string): string {
  const { level, msg, ...fields } = JSON.parse(json) as { level: number; msg?: string } & Record<
    string,
    unknown
  >;
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${levelNames[level] ?? level}: ${msg ?? ''}${extra === '' ? '' : ` (${extra})`}\n`;
}
