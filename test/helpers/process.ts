import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  /** Every stdout line, parsed when JSON (pino), as text otherwise. */
  readonly logs: Record<string, unknown>[];
  /** Raw stdout + stderr, for scans. */
  output(): string;
  /** Resolve with the first log entry matching, waiting up to `timeoutMs`. */
  waitForLog(
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolve with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGKILL if still running (afterAll safety net). */
  kill(): void;
}

/**
 * Run a TypeScript entry point (`src/main.ts`, `src/simulator/main.ts`) in a real Node process through tsx,
 * with only the given environment (plus PATH/HOME): what runs is what `node dist/...` runs, minus the build.
 */
export function runEntry(entry: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let raw = '';
  let pending = '';
  const waiters: {
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { text: line };
      }
      logs.push(entry);
      for (const w of [...waiters]) {
        if (w.match(entry)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    logs,
    output: () => raw,
    exited,
    waitForLog(match, timeoutMs = 15000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${raw.slice(-3000)}`)),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (entry) => {
            clearTimeout(timer);
            resolve(entry);
          },
        });
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Wait for the gateway's "GraphQL endpoint" line and return its base URL. */
export async function gatewayUrl(p: RunningProcess): Promise<string> {
  const entry = await p.waitForLog((e) => typeof e.url === 'string' && String(e.url).endsWith('/graphql'));
  return String(entry.url).replace(/\/graphql$/, '');
}
