import type { SourceLocation } from '../errors/index.js';

/**
 * What packages may say while they work. The actions back it with the runner's
 * log and annotations; tests back it with a list they can read.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, location?: SourceLocation): void;
  error(message: string, location?: SourceLocation): void;
  /** Marks a value (a password, a token) so the runner never prints it. */
  secret(value: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export interface LogRecord {
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
  location?: SourceLocation;
}

/** A Logger that keeps what it was told; for tests and for summaries. */
export class MemoryLogger implements Logger {
  readonly records: LogRecord[] = [];
  readonly secrets: string[] = [];

  debug(message: string): void {
    this.records.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.records.push({ level: 'info', message });
  }
  warning(message: string, location?: SourceLocation): void {
    this.records.push({ level: 'warning', message, ...(location ? { location } : {}) });
  }
  error(message: string, location?: SourceLocation): void {
    this.records.push({ level: 'error', message, ...(location ? { location } : {}) });
  }
  secret(value: string): void {
    this.secrets.push(value);
  }
  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.records.push({ level: 'info', message: `[group] ${title}` });
    return body();
  }

  messages(level?: LogRecord['level']): string[] {
    return this.records.filter((r) => level === undefined || r.level === level).map((r) => r.message);
  }
}

/**
 * Holds the log of one piece of work while other work runs beside it, and
 * hands it on whole (`flush`), so that the lines of images built at the same
 * time do not interleave. A secret is passed on at once: masking cannot wait
 * for the flush. A group inside becomes a marked line (groups do not nest;
 * the flush itself is printed as one).
 */
export class BufferedLogger extends MemoryLogger {
  constructor(private readonly target: Logger) {
    super();
  }

  override secret(value: string): void {
    this.target.secret(value);
  }

  /** Everything held so far, to the target, in order; then nothing is held. */
  flush(): void {
    for (const r of this.records.splice(0)) {
      if (r.level === 'warning' || r.level === 'error') this.target[r.level](r.message, r.location);
      else this.target[r.level](r.message);
    }
  }
}

/** Says nothing. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
  secret() {},
  group: (_title, body) => body(),
};
