import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

/** A Redis the tests may use: `REDIS_URL` when set, else a `redis-server` this helper started. */
export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** A `redis-server` process this helper owns, so a test may kill, freeze or restart it. */
export interface SpawnedRedis extends TestRedis {
  port: number;
  /** SIGSTOP: the server keeps its sockets but answers nothing (a hung Redis). */
  freeze(): void;
  /** SIGCONT after `freeze()`. */
  thaw(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output()}`);
    // disconnect() arms a timer (disconnectTimeout) that only the socket's close event clears; a probe refused
    // before the server listens has no such event coming, and the timer would hold the test process open.
    const probe = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      disconnectTimeout: 0,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer within 10 s: ${output()}`);
}

/**
 * Start `redis-server` (no persistence, in a temp dir) on `port` or a free one. A missing binary fails the
 * test run, in CI and locally alike: the cache's Redis tier is never silently untested.
 */
export async function spawnRedis(port?: number): Promise<SpawnedRedis> {
  const chosen = port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'swrgw-redis-'));
  const args = ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const spawned = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error));
  });
  if (spawned !== null) {
    await rm(dir, { recursive: true, force: true });
    const hint =
      spawned.code === 'ENOENT'
        ? 'redis-server is not installed: `apt-get install -y redis-server` (.ci/run does it); the outage tests need it even with REDIS_URL'
        : spawned.message;
    throw new Error(`cannot start redis-server: ${hint}`);
  }
  const url = `redis://127.0.0.1:${chosen}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPing(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port: chosen,
    stop,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
  };
}

/** The Redis for cache tests: `REDIS_URL` if the environment names one (left running), else a spawned one. */
export async function startRedis(): Promise<TestRedis> {
  // Test infrastructure, not gateway configuration: CI may provide its own Redis.
  const given = process.env.REDIS_URL;
  if (given) return { url: given, stop: async () => undefined };
  return spawnRedis();
}

/** A raw client for inspecting what the gateway wrote. */
export function inspector(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
}
