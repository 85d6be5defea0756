/**
 * wrk (C, from Debian's packages) as the bench's load generator when it is installed: it costs the machine
 * a fraction of what autocannon does per request, and the targets share that machine's two cores with it.
 * Every request is built once up front from the same list for each scenario (`bench/load.lua`): any method, path
 * (with its query string), headers and body, as `encodeRequests` writes them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRequest } from '../test/helpers/clients';
import type { LoadResult } from './load-result';

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

/**
 * The requests as `bench/load.lua` reads them: per request its method, path, number of headers, each header's name
 * and value, and its body (empty for none), every field written as `<length in bytes>:<bytes>`. No separator or
 * escaping to get wrong: a body or a query string may hold any character.
 */
export function encodeRequests(requests: readonly ClientRequest[]): Buffer {
  const field = (text: string) => `${Buffer.byteLength(text)}:${text}`;
  const parts = requests.flatMap((r) => {
    const headers = Object.entries(r.headers);
    return [r.method, r.path, String(headers.length), ...headers.flat(), r.body ?? ''].map(field);
  });
  return Buffer.from(parts.join(''), 'utf8');
}

export async function runWrk(
  url: string,
  requests: readonly ClientRequest[],
  connections: number,
  durationSec: number,
): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const file = join(dir, 'requests.bin');
  writeFileSync(file, encodeRequests(requests));
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
