/**
 * How a log record reads on a terminal: "12:03:04.123 [delivery] WARN text".
 * Info is the norm and carries no word; other levels say theirs. Shared by
 * the logger of each process and by the supervisor of `npm start`, which turns
 * its children's JSON records (and the plain lines of programs that are not
 * ours, such as the node emulators and ng serve) into these lines.
 */
export interface LogRecord {
  /** pino's numeric level: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
  readonly level: number;
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** The part of the system: chain, server, delivery, house-3, start... */
  readonly name: string;
  readonly msg: string;
  readonly err?: { readonly message?: string; readonly stack?: string };
  readonly [field: string]: unknown;
}

export const LEVEL_NUMBERS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

const LEVEL_WORDS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Wide enough for "[delivery]", "[house-10]" and "[ng serve]", so the messages line up. */
const PART_WIDTH = 10;

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const dim = ansi(2);
const cyan = ansi(36);
const LEVEL_COLORS: Record<number, (text: string) => string> = { 10: dim, 20: dim, 40: ansi(33), 50: ansi(31), 60: ansi(31) };

/** Colours only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(stream: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function formatLogRecord(record: LogRecord, color = false): string {
  const time = clockTime(record.time);
  const part = `[${record.name}]`.padEnd(PART_WIDTH);
  const word = LEVEL_WORDS[record.level];
  let message = record.msg ?? '';
  if (record.err?.message && !message.includes(record.err.message)) message += `: ${record.err.message}`;
  if (!color) return `${time} ${part} ${word ? `${word} ` : ''}${message}`;
  const paint = LEVEL_COLORS[record.level];
  return `${dim(time)} ${cyan(part)} ${word ? `${paint(word)} ` : ''}${record.level >= 50 ? paint(message) : message}`;
}

/** A line a child printed: its JSON record when it is one of ours, else the plain text as an info record. */
export function parseChildLine(name: string, line: string, stream: 'stdout' | 'stderr' = 'stdout', now = Date.now()): LogRecord {
  if (line.startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as Partial<LogRecord>;
      if (typeof parsed.level === 'number' && typeof parsed.time === 'number' && typeof parsed.msg === 'string') {
        return { ...parsed, name: parsed.name ?? name } as LogRecord;
      }
    } catch {
      // not a record: shown as text
    }
  }
  // Programs that are not ours (the emulators, ng serve) print on both streams, not only complaints.
  return { level: LEVEL_NUMBERS.info, time: now, name, msg: line, stream };
}

/** HH:MM:SS.mmm in local time: what a person compares with the clock on the wall. */
function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}
