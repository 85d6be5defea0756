/**
 * wrk (C, from Debian's packages) as the bench's load generator when it is installed: it costs the machine
 * a fraction of what autocannon does per request, and the targets share that machine's two cores with it.
 * Every request is built once up front from the same list for each scenario (`bench/load.lua`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load-result';
import type { BenchRequest } from './scenarios';

/** "wrk <version>" when wrk is on the PATH, otherwise undefined. */
export function wrkVersion(): string | undefined {
  try {
    // `wrk -v` prints its banner and exits 1.
    execFileSync('wrk', ['-v'], { stdio: 'pipe' });
  } catch (error) {
    const out = String((error as { stdout?: Buffer }).stdout ?? '');
    const version = out.match(/^wrk (\S+)/)?.[1];
    if (version) return `wrk ${version}`;
  }
  return undefined;
}

export async function runWrk(
  url: string,
  requests: readonly BenchRequest[],
  connections: number,
  durationSec: number,
): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const file = join(dir, 'requests.tsv');
  writeFileSync(file, requests.map((r) => `${r.token}\t${r.body}\n`).join(''));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      // One thread: the requests of a run then go out in list order (two threads would each walk the list).
      const child = spawn(
        'wrk',
        [
          '-t1',
          `-c${connections}`,
          `-d${durationSec}s`,
          '--timeout',
          '10s',
          '-s',
          join(__dirname, 'load.lua'),
          url,
          '--',
          file,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('WRK-RESULT '));
    if (!line) throw new Error(`wrk printed no result:\n${out}`);
    const r = JSON.parse(line.slice('WRK-RESULT '.length)) as Record<string, number>;
    const failed = (r.socketErrors ?? 0) + (r.non2xx ?? 0) + (r.timeouts ?? 0);
    if (failed > 0)
      process.stderr.write(
        `load: ${failed} failed (${r.socketErrors} socket errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx)\n`,
      );
    const requestsDone = r.requests ?? 0;
    return {
      requests: requestsDone,
      rps: requestsDone / ((r.durationUs ?? 1) / 1e6),
      p50: (r.p50Us ?? 0) / 1000,
      p99: (r.p99Us ?? 0) / 1000,
      errors: failed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
