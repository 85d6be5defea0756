import type { Writable } from 'node:stream';

/** How long a flush waits for a reader that is there but does not read; then what it holds is given up. */
export const FLUSH_WAIT_MS = 500;

/**
 * Where the root logger writes: stdout, through Node's own stream, so that logging can never keep the process
 * from exiting. On a pipe or socket that stream does not block: lines the reader has not taken yet wait in memory,
 * and no thread sits in a write that `process.exit` would wait for. (pino's default, sonic-boom, flushes
 * synchronously at exit and retries a failed write until it succeeds, which it never does once the reader is gone
 * or stops reading: the process hangs after logging its last line.)
 *
 * An error, typically a reader that went away (EPIPE), is final: the stream is unusable after one, so later lines
 * are dropped.
 */
export class LogDestination {
  private gone = false;

  constructor(private readonly out: Writable) {
    // Also what keeps an EPIPE from becoming an uncaught exception.
    out.on('error', () => {
      this.gone = true;
    });
  }

  write(line: string): void {
    if (!this.gone) this.out.write(line);
  }

  /**
   * pino's `logger.flush(callback)`: calls back once every line so far is written, the reader is gone, or
   * `FLUSH_WAIT_MS` passed, whichever comes first. Never blocks.
   */
  flush(callback: (error?: Error) => void): void {
    if (this.gone || this.out.writableLength === 0) {
      callback();
      return;
    }
    let called = false;
    const done = () => {
      if (called) return;
      called = true;
      clearTimeout(timer);
      callback();
    };
    const timer = setTimeout(done, FLUSH_WAIT_MS);
    // A stream calls back its writes in order: this one's callback means every earlier line is out.
    this.out.write('', done);
  }
}

let stdout: LogDestination | undefined;

/** The process's one stdout destination (one reader, so one notion of whether it is gone). */
export function stdoutDestination(): LogDestination {
  stdout ??= new LogDestination(process.stdout);
  return stdout;
}
