/** Starts the ceiling (`bench/ceiling.ts`) as a process of its own, like the other targets. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CannedAnswer } from './canned';

export interface RunningCeiling {
  url: string;
  pid: number;
  child: ChildProcess;
}

/** The ceiling on `port` (0: any free one) answering `answers`; resolves once it listens. */
export async function startCeiling(port: number, answers: readonly CannedAnswer[]): Promise<RunningCeiling> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  const file = join(dir, 'answers.json');
  writeFileSync(file, JSON.stringify(answers));
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'ceiling.ts')], {
    env: { ...process.env, NODE_ENV: 'production', BENCH_PORT: String(port), BENCH_ANSWERS: file },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const listening = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`the ceiling exited early (${code})`)));
    });
    // Only the readiness message went over IPC: the channel must not keep either process alive.
    child.disconnect();
    return { url: `http://127.0.0.1:${listening}`, pid: child.pid as number, child };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
