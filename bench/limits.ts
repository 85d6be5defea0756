/**
 * `npm run bench:limits` — what the rate limits cost on S1 (the hot query), from one short run: the gateway with
 * CALLER_RATE_LIMIT and UPSTREAM_RATE_LIMIT set far above the load against the same gateway without them, their runs
 * interleaved slice by slice (as `bench/run.ts` does), in memory and, when `redis-server` is installed, with Redis
 * (each pair then both on Redis: the cache uses it too). Every answer of the limited targets must be a 200; the
 * report gives each target's requests per second, p50 and CPU per request, and the on/off ratio of each pair (the
 * median of the slices' ratios). `BENCH_SECONDS` (default 6) is split into 1 s slices.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startSimulator } from '../src/simulator';
import { type SpawnedRedis, spawnRedis } from '../test/helpers/redis';
import { median } from './ratios';
import { runLoad, WRK } from './run-load';
import { hotRequest } from './scenarios';

const ROOT = join(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 50;
const CLK_TCK = 100;
/** Far above anything one machine can send in a window: the limits count every request and refuse none. */
const LIMITS = { CALLER_RATE_LIMIT: '1000000000/1s', UPSTREAM_RATE_LIMIT: '1000000000/1s' };

interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  slices: { rps: number; p50: number; cpuUs: number }[];
}

const cpuMicros = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
};

async function startTarget(name: string, port: number, env: Record<string, string>): Promise<Target> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      UPSTREAM_MAX_CONCURRENT: '64',
      UPSTREAM_QUEUE_SIZE: '256',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const hot = hotRequest(20, 'bench-hot');
  for (let i = 0; i < 200; i++) {
    try {
      const res = await request(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': hot.token },
        body: hot.body,
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${name} answered ${res.statusCode}`);
      // The limited targets do count: their answers carry the RateLimit fields.
      if (env.CALLER_RATE_LIMIT && res.headers.ratelimit === undefined)
        throw new Error(`${name} answered without RateLimit`);
      return { name, url, child, slices: [] };
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(name)) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${name} did not start`);
}

async function slice(t: Target): Promise<void> {
  const cpu0 = cpuMicros(t.child.pid as number);
  const r = await runLoad({
    url: t.url,
    connections: CONNECTIONS,
    durationSec: 1,
    scenario: 'hot',
    size: 20,
    token: 'bench-hot',
  });
  if (r.errors > 0) throw new Error(`${t.name}: ${r.errors} failed requests (a limit refused some?)`);
  t.slices.push({ rps: r.rps, p50: r.p50, cpuUs: (cpuMicros(t.child.pid as number) - cpu0) / r.requests });
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

function report(pairs: [Target, Target][]): void {
  process.stdout.write(
    `\nS1 hot (size 20), ${CONNECTIONS} connections, ${SECONDS} × 1 s slices, load: ${WRK ?? 'autocannon'}\n`,
  );
  process.stdout.write('target              req/s   p50 ms  CPU µs/req\n');
  for (const t of pairs.flat()) {
    const m = (key: 'rps' | 'p50' | 'cpuUs') => median(t.slices.map((s) => s[key]));
    process.stdout.write(`${t.name.padEnd(16)}${fmt(m('rps'))}${fmt(m('p50'), 2)}${fmt(m('cpuUs'))}\n`);
  }
  for (const [on, off] of pairs) {
    const ratio = median(on.slices.map((s, i) => s.rps / (off.slices[i]?.rps ?? Number.NaN)));
    const spread = off.slices.map((s) => s.rps);
    const noise = (Math.max(...spread) - Math.min(...spread)) / median(spread);
    process.stdout.write(
      `${on.name} / ${off.name}: ${ratio.toFixed(3)} (the off target's own slices spread ${(noise * 100).toFixed(1)} %)\n`,
    );
  }
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const sim = await startSimulator({ port: 0, latencyMs: 20, recordRequests: false });
  let redis: SpawnedRedis | undefined;
  try {
    redis = await spawnRedis();
  } catch {
    process.stderr.write('no redis-server: the Redis pair is left out\n');
  }
  const base = { SWR_ENDPOINT: sim.url };
  const shared = redis && {
    ...base,
    REDIS_URL: redis.url,
    CACHE_HMAC_SECRET: 'bench-secret-0123456789abcdef0123456789',
  };
  const pairs: [Target, Target][] = [
    [
      await startTarget('limits on', 4201, { ...base, ...LIMITS }),
      await startTarget('limits off', 4202, base),
    ],
  ];
  if (shared)
    pairs.push([
      await startTarget('on, Redis', 4203, { ...shared, ...LIMITS }),
      await startTarget('off, Redis', 4204, shared),
    ]);
  try {
    const targets = pairs.flat();
    // Warm-up: JIT, pools, the kept result.
    for (const t of targets)
      await runLoad({
        url: t.url,
        connections: CONNECTIONS,
        durationSec: 2,
        scenario: 'hot',
        size: 20,
        token: 'bench-hot',
      });
    for (let n = 0; n < SECONDS; n++)
      for (const t of n % 2 === 0 ? targets : [...targets].reverse()) await slice(t);
    report(pairs);
  } finally {
    for (const t of pairs.flat()) t.child.kill();
    await redis?.stop();
    await sim.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
