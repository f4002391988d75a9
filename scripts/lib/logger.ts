/**
 * The one logger of every service (chain, deploy, server, delivery, nodes,
 * the supervisor of `npm start`, and those to come): pino, with a level, a
 * timestamp and the part's name on every record.
 *
 * Two ways out, chosen by LOG_FORMAT (or `format`):
 * - `pretty` (the default): one line a person reads, "12:03:04.123 [delivery] trade #12 ...";
 * - `json`: pino's own JSON records, one a line. The supervisor of `npm start`
 *   asks its children for these and prints them pretty with each part's name,
 *   so `npm start` shows one readable stream; machines (tests, the benchmark)
 *   can read the records themselves.
 *
 * The level comes from `level`, else LOG_LEVEL, else `info`. The message of a
 * record is a whole sentence; its fields (tradeId, node, ...) are for machines.
 * Commands a person runs (`npm run nodes`) print plain sentences instead.
 */
import pino, { type Logger as PinoLogger } from 'pino';

import { formatLogRecord, type LogRecord, parseChildLine, useColor } from './log-format';

export type Logger = PinoLogger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  /** Where pretty lines go (default: stdout); for a test that reads them. */
  readonly write?: (line: string) => void;
}

export function isLogLevel(text: string): text is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

/** LOG_LEVEL if it names a level, else `info`. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const level = env.LOG_LEVEL?.toLowerCase();
  return level && isLogLevel(level) ? level : 'info';
}

export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.LOG_FORMAT === 'json' ? 'json' : 'pretty';
}

/** A logger for one part of the system, e.g. createLogger('delivery'). */
export function createLogger(part: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? logLevelFromEnv();
  const format = options.format ?? logFormatFromEnv();
  const settings = { name: part, level, base: { pid: process.pid } };
  if (format === 'json') return pino(settings, pino.destination({ fd: 1, sync: true }));
  // Pretty lines are formatted in this thread, synchronously: no worker thread
  // (pino's transports start one) and no extra memory for a pretty-printer.
  const color = useColor();
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  return pino(settings, { write: (json: string) => write(formatLogRecord(JSON.parse(json) as LogRecord, color)) });
}

/**
 * Prints a line a child process wrote, as the supervisor's own lines are
 * printed: its JSON record formatted (or passed on as JSON), a plain line
 * with the child's name and the time it arrived.
 */
export function relayChildLine(name: string, line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  const record = parseChildLine(name, line, stream);
  const text = logFormatFromEnv() === 'json' ? JSON.stringify(record) : formatLogRecord(record, useColor());
  process.stdout.write(text + '\n');
}

/** The environment of a child service: it writes JSON records for the supervisor to print. */
export function serviceChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, LOG_FORMAT: 'json' };
}
