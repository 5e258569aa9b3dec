/**
 * Where a service's log lines go: standard output, in batches. A write to a pipe or a file is a
 * system call; a busy service logs a line per request, and one call per line cost more than the
 * line itself (`writeString` was 5% of the Phone System's samples under load). Lines are kept in
 * memory and written together — after at most `FLUSH_AFTER_MS`, at once when `FLUSH_AT_BYTES`
 * have gathered — and no line is lost to an exit:
 *
 * - an `error` or `fatal` line is written at once, with everything before it (what a crash says
 *   reaches the log even if the process is then killed outright);
 * - on `process.exit()`, an uncaught exception and the end of the event loop, Node's `exit` event
 *   writes what is pending, synchronously (stdout to a pipe or a file is a blocking write);
 * - the application's `close()` writes what is pending (`createServiceApp` hooks it).
 *
 * Only a SIGKILL (or a crash of Node itself) within `FLUSH_AFTER_MS` of an `info` line loses it.
 */

/** The longest a line waits before it is written (ms). */
export const FLUSH_AFTER_MS = 50;
/** A batch this large is written at once (characters). */
export const FLUSH_AT_BYTES = 64 * 1024;

/** pino writes the level first: `{"level":50,…` (error) and `{"level":60,…` (fatal) go at once. */
function isUrgent(line: string): boolean {
  return line.startsWith('{"level":5') || line.startsWith('{"level":6');
}

/** A line sink (pino's `stream`) that writes its lines in batches through `out`. */
export class BatchedLines {
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: (text: string) => void) {}

  write(line: string): void {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= FLUSH_AT_BYTES || isUrgent(line)) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(this.flush, FLUSH_AFTER_MS);
      // A pending batch does not keep the process alive: its `exit` writes it.
      this.timer.unref();
    }
  }

  /** Writes every pending line now (synchronously when `out` is). */
  readonly flush = (): void => {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.size = 0;
    this.out(text);
  };
}

let stdoutLines: BatchedLines | undefined;

/**
 * The process's batched standard output (one per process, whatever number of applications log to
 * it). `process.stdout.write` is looked up at each write, so a test that replaces it sees the lines.
 */
export function stdoutLogStream(): BatchedLines {
  if (!stdoutLines) {
    let closed = false;
    const lines = new BatchedLines((text) => {
      if (!closed) process.stdout.write(text);
    });
    // Whoever read the output went away (EPIPE): the service goes on serving, without its log, as
    // pino's own destination does — not a crash on an unhandled stream error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed = true;
    });
    process.on('exit', lines.flush);
    stdoutLines = lines;
  }
  return stdoutLines;
}
