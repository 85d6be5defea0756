/**
 * `npm run bench` — the gateway against a plain yoga + undici baseline, side by side in one run.
 * The simulator (fixed added latency) runs in this process; each target and each load generator runs in its
 * own process. Every scenario repeats (≥ 3) and runs on both targets interleaved, slice by slice (`interleaved`);
 * the report gives medians, and each ratio to the baseline is the median of the ratios of those pairs of runs.
 * S1 and S2 also run with real clients' requests (`REAL_CLIENTS`), S1 then against a third target too: a bare
 * node:http server answering the gateway's own bytes (`bench/ceiling.ts`). The report ends with the targets
 * (`bench/targets.ts`), each PASS or FAIL.
 * `--quick` runs two short repetitions and leaves S5 out. `--tracing` adds two gateway processes of their own, one
 * with OpenTelemetry tracing off and one with it on (every request sampled, spans over OTLP/HTTP protobuf to a
 * receiver in this process), and runs S1 and S2 on them interleaved: the report gives tracing's cost as on/off
 * ratios, and every other figure stays what it is without the flag.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Agent, request } from 'undici';
import { startSimulator } from '../src/simulator';
import { type OtlpReceiver, startOtlpReceiver } from '../test/helpers/otlpReceiver';
import { captureAnswer } from './canned';
import { asSentBy, type BenchClient, coldRequestCount, type LoadJob } from './load-requests';
import type { LoadResult } from './load-result';
import { median, pairedRatio, s4BySlice } from './ratios';
import { runLoad, WRK } from './run-load';
import { coldRequest, hotRequest, mixedRequest } from './scenarios';
import { startCeiling } from './start-ceiling';
import { evaluateTargets, formatTargets, REAL_CLIENTS, S1, S2, withClient } from './targets';

const ROOT = join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const TRACING = args.has('--tracing');
/** The scenarios run beside tracing on, and how the report names them. */
const TRACED_S1 = `${S1}, tracing on/off`;
const TRACED_S2 = `${S2}, tracing on/off`;
// An even number: S1 and S4 alternate which runs first, and each order then counts as often.
const REPS = Number(process.env.BENCH_REPS ?? (QUICK ? 2 : 4));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 4));
/**
 * Each timed run is cut into this many slices, interleaved with the runs it is compared with (`interleaved`). wrk
 * takes whole seconds only, so a slice lasts SECONDS / SLICES rounded (4 × 1 s by default).
 */
const SLICES = Math.max(1, Math.min(SECONDS, Number(process.env.BENCH_SLICES ?? 4)));
const SLICE_SECONDS = Math.round(SECONDS / SLICES);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONNECTIONS = 50;
/** S4's mix: 20 tokens × 10 queries. */
const MIX = { tokens: 20, queries: 10 };
const CLK_TCK = 100;

interface Target {
  name: 'baseline' | 'gateway' | TracingTarget | 'ceiling';
  url: string;
  pid: number;
  child: ChildProcess;
}

/** What a run asks of the load generator; the orchestrator adds the target, connections and duration. */
type JobSpec = Omit<LoadJob, 'url' | 'connections' | 'durationSec'>;

/** One timed run: a scenario on a target; `job` is asked for each slice, `after` told what each slice did. */
interface Run {
  scenario: string;
  target: Target;
  job: () => JobSpec;
  after?: (r: LoadResult) => void;
}

interface Sample extends LoadResult {
  upstreamCalls: number;
  cpuUsPerRequest: number;
  /** Requests per second of each slice, in order (interleaved runs only). */
  sliceRps?: number[];
}

function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return Number(line?.[1] ?? 0) / 1024;
}

const agent = new Agent({ connections: 256 });

/** A GraphQL request's status and whole body, as bytes. */
async function send(url: string, body: string, token: string) {
  const res = await request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token },
    body,
    dispatcher: agent,
  });
  return { status: res.statusCode, bytes: Buffer.from(await res.body.arrayBuffer()) };
}

type Answer = { data?: unknown; errors?: unknown };

async function post(url: string, body: string, token: string) {
  const { status, bytes } = await send(url, body, token);
  return { status, json: JSON.parse(bytes.toString('utf8')) as Answer };
}

/**
 * Milliseconds until a request's whole answer has arrived: what wrk's latencies in the load scenarios measure, and
 * how SWR's own latency is timed below. The answer is decoded, parsed and checked only after the clock stops: a
 * client's decoding and parsing of a 20-item page took 0.2–0.4 ms here, which is not the target's latency. An
 * answer with errors or without data ends the bench.
 */
async function timedPost(url: string, body: string, token: string): Promise<number> {
  const t0 = performance.now();
  const { status, bytes } = await send(url, body, token);
  const ms = performance.now() - t0;
  const text = bytes.toString('utf8');
  const json = JSON.parse(text) as Answer;
  if (status !== 200 || json.errors !== undefined || json.data == null) {
    throw new Error(`idle request to ${url} failed: HTTP ${status}, ${text.slice(0, 200)}`);
  }
  return ms;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${url} exited early`);
    try {
      const r = await post(url, '{"query":"{ __typename }"}', 'ready-check');
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready`);
}

type TracingTarget = 'gateway-tracing-off' | 'gateway-tracing-on';

/** Tracing on, every request sampled, spans to `receiver`: what tracing costs at its most. */
function tracingEnv(receiver: OtlpReceiver): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_TRACES_SAMPLER: 'always_on' };
}

async function startTarget(
  name: 'baseline' | 'gateway' | TracingTarget,
  port: number,
  upstream: string,
  extraEnv: Record<string, string> = {},
): Promise<Target> {
  const env = { ...process.env, NODE_ENV: 'production' };
  const child =
    name !== 'baseline'
      ? spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
          env: {
            ...env,
            ...extraEnv,
            PORT: String(port),
            HOST: '127.0.0.1',
            SWR_ENDPOINT: upstream,
            LOG_LEVEL: 'warn',
            // 50 client connections against a 20 ms upstream: the default bulkhead (32 + 16 queued) would queue
            // and refuse some of them; the baseline has no bulkhead at all.
            UPSTREAM_MAX_CONCURRENT: '64',
            UPSTREAM_QUEUE_SIZE: '256',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'baseline.ts')], {
          env: { ...env, BENCH_PORT: String(port), BENCH_UPSTREAM: upstream },
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return { name, url, pid: child.pid as number, child };
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const sim = await startSimulator({ port: 0, latencyMs: LATENCY_MS, recordRequests: false });
  const targets = [await startTarget('baseline', 4101, sim.url), await startTarget('gateway', 4102, sim.url)];
  const receiver = TRACING ? await startOtlpReceiver({ keepBodies: false }) : undefined;
  const tracingTargets = receiver && [
    await startTarget('gateway-tracing-off', 4104, sim.url),
    await startTarget('gateway-tracing-on', 4105, sim.url, tracingEnv(receiver)),
  ];
  const results: Record<string, Record<string, Sample[]>> = {};
  const record = (scenario: string, target: string, s: Sample) => {
    results[scenario] ??= {};
    results[scenario][target] ??= [];
    results[scenario][target].push(s);
  };

  // Requests still in flight from the previous run must not be counted against the next one.
  const settle = () => new Promise((r) => setTimeout(r, 4 * LATENCY_MS + 100));

  /** GraphQL errors inside 200 answers (autocannon counts only HTTP failures): the gateway's own counter, by code. */
  async function graphqlErrors(target: Target): Promise<Map<string, number>> {
    const byCode = new Map<string, number>();
    if (!target.name.startsWith('gateway')) return byCode;
    const res = await request(`${target.url}/metrics`, { dispatcher: agent });
    const text = await res.body.text();
    for (const m of text.matchAll(/^gateway_graphql_errors_total\{code="([^"]*)"\} (\d+)/gm))
      byCode.set(m[1] as string, Number(m[2]));
    return byCode;
  }

  /** The errors counted since `before`, in total; any are named on stderr with their codes. */
  function newErrors(before: Map<string, number>, after: Map<string, number>, what: string): number {
    const codes = [...after]
      .map(([code, n]) => [code, n - (before.get(code) ?? 0)] as const)
      .filter(([, n]) => n > 0);
    if (codes.length > 0)
      process.stderr.write(`${what}: GraphQL errors ${codes.map(([c, n]) => `${c} × ${n}`).join(', ')}\n`);
    return codes.reduce((sum, [, n]) => sum + n, 0);
  }

  /** One slice of one run: a load of `seconds` on `target`, with what it cost the target. */
  async function slice(target: Target, job: JobSpec, seconds: number) {
    await settle();
    const errors0 = await graphqlErrors(target);
    const calls0 = sim.requestCount('/v2/manage/shared-repositories');
    const cpu0 = cpuMicros(target.pid);
    const r = await runLoad({ url: target.url, connections: CONNECTIONS, durationSec: seconds, ...job });
    const cpu = cpuMicros(target.pid) - cpu0;
    // A cold run that sent more than its list asked some queries twice: hits, not what it measures.
    if (job.scenario === 'cold' && r.requests + CONNECTIONS > coldRequestCount(seconds))
      throw new Error(
        `a cold run on ${target.name} sent ${r.requests} requests, more than its distinct queries`,
      );
    await settle();
    return {
      load: r,
      errors:
        r.errors + newErrors(errors0, await graphqlErrors(target), `${target.name} ${String(job.scenario)}`),
      upstreamCalls: sim.requestCount('/v2/manage/shared-repositories') - calls0,
      cpu,
    };
  }

  /**
   * Several runs measured together, interleaved: each is cut into `SLICES` slices of the same length, and the slices
   * take turns (in the given order, reversed every other slice). Whatever the shared machine does meanwhile falls
   * on every run alike, where runs one after the other each get their own few seconds of it. A run's sample adds
   * its slices up: requests over seconds, CPU over requests; p50 is the median of its slices', p99 the highest.
   * `job` is asked for each slice (the cold scenario starts every slice on queries never asked before).
   */
  async function interleaved(runs: Run[]): Promise<Sample[]> {
    const totals = runs.map(() => ({
      requests: 0,
      seconds: 0,
      errors: 0,
      upstreamCalls: 0,
      cpu: 0,
      p50: [] as number[],
      sliceRps: [] as number[],
      p99: 0,
    }));
    for (let n = 0; n < SLICES; n++) {
      const order = runs.map((_, i) => i);
      if (n % 2 === 1) order.reverse();
      for (const i of order) {
        const run = runs[i] as (typeof runs)[number];
        const total = totals[i] as (typeof totals)[number];
        const s = await slice(run.target, run.job(), SLICE_SECONDS);
        run.after?.(s.load);
        total.requests += s.load.requests;
        total.seconds += s.load.rps > 0 ? s.load.requests / s.load.rps : SLICE_SECONDS;
        total.errors += s.errors;
        total.upstreamCalls += s.upstreamCalls;
        total.cpu += s.cpu;
        total.p50.push(s.load.p50);
        total.sliceRps.push(s.load.rps);
        total.p99 = Math.max(total.p99, s.load.p99);
      }
    }
    return totals.map((t) => ({
      requests: t.requests,
      rps: t.requests / t.seconds,
      p50: median(t.p50),
      sliceRps: t.sliceRps,
      p99: t.p99,
      errors: t.errors,
      upstreamCalls: t.upstreamCalls,
      cpuUsPerRequest: t.requests > 0 ? t.cpu / t.requests : Number.NaN,
    }));
  }

  // Cursors differ by design (the baseline's are plain offsets); everything else must be equal.
  const strip = (j: { data?: unknown }) => {
    const conn = (j.data as { sharedRepositories: Record<string, unknown> }).sharedRepositories;
    const { pageInfo, ...rest } = conn as { pageInfo: Record<string, unknown> };
    return { ...rest, hasNext: pageInfo.hasNextPage, hasPrev: pageInfo.hasPreviousPage };
  };
  // Answers first: both targets must return the same data for the hot query before anything is timed.
  for (const size of [10, 20, 100]) {
    const hot = hotRequest(size, 'bench-check');
    const [a, b] = await Promise.all(targets.map((t) => post(t.url, hot.body, hot.token)));
    if (!a || !b || a.json.errors || b.json.errors || !isDeepStrictEqual(strip(a.json), strip(b.json))) {
      throw new Error(`answers differ between baseline and gateway for page size ${size}`);
    }
  }
  // Cold answers too (first pages: past the end the baseline does not know the total, the gateway does).
  for (const i of [100, 5000, 12345]) {
    const cold = coldRequest(i, 'bench-check');
    const [a, b] = await Promise.all(targets.map((t) => post(t.url, cold.body, cold.token)));
    if (!a || !b || a.json.errors || b.json.errors || !isDeepStrictEqual(strip(a.json), strip(b.json))) {
      throw new Error(`cold answers differ between baseline and gateway (query ${i})`);
    }
  }
  // And as the real clients ask (their documents select `__typename` too): the same data from both, with no errors.
  const askAs = async (t: Target, client: BenchClient, r: ReturnType<typeof hotRequest>) => {
    const answer = await captureAnswer(t.url, asSentBy(client, r, t.url));
    const text = Buffer.from(answer.body, 'base64').toString('utf8');
    if (answer.status !== 200)
      throw new Error(`${t.name} answered ${client}'s request with HTTP ${answer.status}`);
    return JSON.parse(text) as Answer;
  };
  for (const { client } of REAL_CLIENTS) {
    for (const r of [hotRequest(20, 'bench-check'), coldRequest(777, 'bench-check')]) {
      const [a, b] = await Promise.all(targets.map((t) => askAs(t, client, r)));
      if (!a || !b || a.errors || b.errors || !isDeepStrictEqual(strip(a), strip(b)))
        throw new Error(`answers to ${client}'s requests differ between baseline and gateway`);
    }
  }

  // Warm-up: JIT, connection pools, caches, and V8's young generation grown to the load (it starts small, and
  // until it has grown a process under load collects far more often). A process only reaches its steady cold
  // throughput after several seconds of cold traffic, hence the longer cold warm-up.
  // The cold and mixed warm-ups' credentials are never used again: they leave nothing the timed runs could use.
  const WARM_UPS = {
    hot: { seconds: 2, token: 'bench-hot' },
    cold: { seconds: 4, token: 'bench-warm-cold' },
    mixed: { seconds: 2, token: 'bench-warm-mix' },
  } as const;
  const realClients = REAL_CLIENTS.map((c) => c.client);
  const warmUp = (t: Target, scenario: keyof typeof WARM_UPS, clients: readonly BenchClient[] = ['bench']) =>
    runLoad({
      url: t.url,
      connections: CONNECTIONS,
      durationSec: QUICK ? 1 : WARM_UPS[scenario].seconds,
      scenario,
      // The real clients' cold warm-up on credentials of its own, as the bench's.
      token: clients.includes('bench') ? WARM_UPS[scenario].token : `${WARM_UPS[scenario].token}-clients`,
      coldOffset: 8000,
      clients,
      ...MIX,
    });
  for (const t of targets) await warmUp(t, 'hot');

  // RSS after S1: a hot-only footprint, so taken after one untimed S1-length hot run, before any cold traffic.
  // Then the cold path and S4's mix are warmed, on credentials the timed runs never use: the gateway answers misses
  // by other code than hits (a direct execution, not a kept result), and S4's first requests of each repetition
  // are misses and first executions, as the baseline's single path is warmed by the hot warm-up.
  const rss: Record<string, number> = {};
  for (const t of targets) {
    await runLoad({
      url: t.url,
      connections: CONNECTIONS,
      durationSec: SECONDS,
      scenario: 'hot',
      size: 20,
      token: 'bench-hot',
    });
    rss[t.name] = rssMiB(t.pid);
    await warmUp(t, 'cold');
    await warmUp(t, 'mixed');
    // The real clients' requests, hot and cold, all clients taking turns: a target may answer them by other code.
    await warmUp(t, 'hot', realClients);
    await warmUp(t, 'cold', realClients);
  }
  if (tracingTargets) {
    const [off, on] = await Promise.all(
      tracingTargets.map((t) => post(t.url, hotRequest(20, 'bench-check').body, 'bench-check')),
    );
    if (!off || !on || on.json.errors || !isDeepStrictEqual(off.json.data, on.json.data))
      throw new Error('answers differ between the gateway with tracing off and on');
    for (const t of tracingTargets) {
      await warmUp(t, 'hot');
      await warmUp(t, 'cold');
    }
  }

  // The ceiling answers each real client's hot request with the bytes the gateway answers it now, warmed: a hit.
  const gatewayTarget = targets.find((t) => t.name === 'gateway') as Target;
  const canned = await Promise.all(
    realClients.map((client) =>
      captureAnswer(gatewayTarget.url, asSentBy(client, hotRequest(20, 'bench-hot'), gatewayTarget.url)),
    ),
  );
  const ceiling: Target = { name: 'ceiling', ...(await startCeiling(4103, canned)) };
  await warmUp(ceiling, 'hot', realClients);

  let coldOffset = 0;
  for (let rep = 0; rep < REPS; rep++) {
    // Which target (and, for S1 and S4, which scenario) starts swaps every repetition.
    const order = rep % 2 === 0 ? targets : [...targets].reverse();
    const mixToken = (t: Target) => `mix-${rep}-${t.name}`;
    const coldToken = (t: Target, client: BenchClient = 'bench') =>
      client === 'bench' ? `bench-cold-${rep}-${t.name}` : `bench-cold-${rep}-${t.name}-${client}`;
    // The simulator stands in for SWR, which runs elsewhere; here it shares the two cores with the targets. The
    // repetition's new credentials have their data built now, so that no timed run also measures the simulator
    // generating it (S4's first slice did, before this: `docs/performance.md`).
    sim.prepare(
      targets.flatMap((t) => [
        ...Array.from({ length: MIX.tokens }, (_, i) => mixedRequest(i, MIX.tokens, 1, mixToken(t)).token),
        coldToken(t),
        ...realClients.map((client) => coldToken(t, client)),
      ]),
    );
    const tracingPair = tracingTargets && (rep % 2 === 0 ? tracingTargets : [...tracingTargets].reverse());
    if (tracingPair) sim.prepare(tracingPair.map((t) => coldToken(t)));
    const together = async (runs: Run[]) => {
      const samples = await interleaved(runs);
      for (const [i, run] of runs.entries()) record(run.scenario, run.target.name, samples[i] as Sample);
    };
    // S1 and S4 on both targets, all four interleaved: S4/S1 is the gateway against itself and each ratio to the
    // baseline a pair, and every one of them compares runs sliced over the same seconds. S4's mix has its own
    // credentials per repetition: its first 200 requests are misses, in its first slice.
    await together(
      order.flatMap((t) => {
        const s1: Run = {
          scenario: S1,
          target: t,
          job: () => ({ scenario: 'hot', size: 20, token: 'bench-hot' }),
        };
        const s4: Run = {
          scenario: 'S4 mixed 20x10',
          target: t,
          job: () => ({ scenario: 'mixed', token: mixToken(t), ...MIX }),
        };
        return rep % 2 === 0 ? [s1, s4] : [s4, s1];
      }),
    );
    // S2: a credential per run, too, so no run can be answered from what an earlier one left in the cache; each
    // slice starts where the previous one (of either target) stopped, so no combination is asked twice.
    await together(
      order.map((t) => ({
        scenario: S2,
        target: t,
        job: () => ({ scenario: 'cold', token: coldToken(t), coldOffset }),
        after: (r: LoadResult) => {
          coldOffset += r.requests + CONNECTIONS;
        },
      })),
    );
    // S1 with each real client's request, on both targets and the ceiling, all interleaved: both ratios of each
    // client (to the baseline, to the ceiling) pair runs sliced over the same seconds.
    await together(
      REAL_CLIENTS.flatMap(({ client, label }) =>
        [...order, ceiling].map((t) => ({
          scenario: withClient(S1, label),
          target: t,
          job: () => ({ scenario: 'hot' as const, size: 20, token: 'bench-hot', clients: [client] }),
        })),
      ),
    );
    // S2 with each real client's request: credentials of its own per client and target, the same walk through the
    // cold queries as S2's.
    await together(
      REAL_CLIENTS.flatMap(({ client, label }) =>
        order.map((t) => ({
          scenario: withClient(S2, label),
          target: t,
          job: () => ({
            scenario: 'cold' as const,
            token: coldToken(t, client),
            coldOffset,
            clients: [client],
          }),
          after: (r: LoadResult) => {
            coldOffset += r.requests + CONNECTIONS;
          },
        })),
      ),
    );
    // Tracing's cost (`--tracing`): S1 and S2 on the gateway with tracing off and on, each pair interleaved.
    if (tracingPair) {
      await together(
        tracingPair.map((t) => ({
          scenario: TRACED_S1,
          target: t,
          job: () => ({ scenario: 'hot' as const, size: 20, token: 'bench-hot' }),
        })),
      );
      await together(
        tracingPair.map((t) => ({
          scenario: TRACED_S2,
          target: t,
          job: () => ({ scenario: 'cold' as const, token: coldToken(t), coldOffset }),
          after: (r: LoadResult) => {
            coldOffset += r.requests + CONNECTIONS;
          },
        })),
      );
    }
    // S5 (how cost grows with the page) only in the full run: the quick one stays short.
    for (const size of QUICK ? [] : [10, 100]) {
      await together(
        order.map((t) => ({
          scenario: `S5 size ${size}`,
          target: t,
          job: () => ({ scenario: 'hot', size, token: 'bench-hot' }),
        })),
      );
    }
    // S3: 200 identical requests at once, on a credential the target has never seen.
    for (const t of order) {
      const burst = hotRequest(20, `burst-${rep}-${t.name}`);
      await settle();
      const calls0 = sim.requestCount('/v2/manage/shared-repositories');
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => post(t.url, burst.body, burst.token)),
      );
      record('S3 burst 200', t.name, {
        requests: 200,
        rps: Number.NaN,
        p50: Number.NaN,
        p99: Number.NaN,
        errors: answers.filter((a) => a.status !== 200 || a.json.errors).length,
        upstreamCalls: sim.requestCount('/v2/manage/shared-repositories') - calls0,
        cpuUsPerRequest: Number.NaN,
      });
    }
  }

  // Idle latency: one connection, sequential requests, timed here until each whole answer has arrived. First SWR
  // itself (the simulator, asked directly for first pages like the misses below): what "upstream latency" is for
  // the miss target.
  const direct: number[] = [];
  for (let i = 0; i < (QUICK ? 20 : 60); i++) {
    const t0 = performance.now();
    const res = await request(
      `${sim.url}/v2/manage/shared-repositories?center=self&limit=${5 + (i % 36)}&offset=0&order_column=updated_at&order_type=desc`,
      { headers: { 'x-auth-token': `idle-upstream-${i}` }, dispatcher: agent },
    );
    await res.body.arrayBuffer();
    direct.push(performance.now() - t0);
  }
  const upstreamP50 = median(direct);
  const idle: Record<string, { hitP50: number; missP50: number }> = {};
  for (const t of targets) {
    const hot = hotRequest(20, 'bench-idle');
    await post(t.url, hot.body, hot.token);
    const hits: number[] = [];
    for (let i = 0; i < (QUICK ? 100 : 400); i++) hits.push(await timedPost(t.url, hot.body, hot.token));
    const misses: number[] = [];
    for (let i = 0; i < (QUICK ? 20 : 60); i++) {
      const c = coldRequest(900_000 + i, `idle-miss-${t.name}`);
      misses.push(await timedPost(t.url, c.body, c.token));
    }
    idle[t.name] = { hitP50: median(hits), missP50: median(misses) };
  }
  // The footprint after everything: every scenario's results and pages kept, with the gateway's default limits.
  const rssAfterBench: Record<string, number> = {};
  for (const t of targets) rssAfterBench[t.name] = rssMiB(t.pid);

  for (const t of [...targets, ceiling, ...(tracingTargets ?? [])]) t.child.kill('SIGTERM');
  await sim.close();
  await agent.close();
  await receiver?.close();
  report(results, { afterS1: rss, afterBench: rssAfterBench }, idle, upstreamP50, receiver?.bytes);
}

function report(
  results: Record<string, Record<string, Sample[]>>,
  rss: { afterS1: Record<string, number>; afterBench: Record<string, number> },
  idle: Record<string, { hitP50: number; missP50: number }>,
  upstreamP50: number,
  spanBytes: number | undefined,
): void {
  const summary: Record<string, Record<string, Record<string, number>>> = {};
  let table = `| scenario | target | req/s | ratio | p50 ms | p99 ms | errors | upstream calls | CPU µs/req |\n|---|---|---|---|---|---|---|---|---|\n`;
  for (const [scenario, byTarget] of Object.entries(results)) {
    summary[scenario] = {};
    const base = byTarget.baseline ?? [];
    const ceiling = byTarget.ceiling;
    for (const [target, samples] of Object.entries(byTarget)) {
      const m = {
        rps: median(samples.map((s) => s.rps)),
        p50: median(samples.map((s) => s.p50)),
        p99: median(samples.map((s) => s.p99)),
        errors: samples.reduce((a, s) => a + s.errors, 0),
        upstreamCalls: median(samples.map((s) => s.upstreamCalls)),
        cpuUsPerRequest: median(samples.map((s) => s.cpuUsPerRequest)),
      };
      // Paired: this target's run over the baseline's (and the ceiling's) run of the same repetition, then the median.
      const ratio = pairedRatio(samples, base);
      summary[scenario][target] = {
        ...m,
        ratio,
        ...(ceiling ? { overCeiling: pairedRatio(samples, ceiling) } : {}),
      };
      const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
      table += `| ${scenario} | ${target} | ${f(m.rps)} | ${f(ratio, 2)} | ${f(m.p50, 1)} | ${f(m.p99, 1)} | ${m.errors} | ${f(m.upstreamCalls)} | ${f(m.cpuUsPerRequest)} |\n`;
    }
  }
  // Per repetition, then the median: drift between repetitions cancels out.
  const s1 = results[S1]?.gateway ?? [];
  const s4 = results['S4 mixed 20x10']?.gateway ?? [];
  const s4OverS1 = pairedRatio(s4, s1);
  const mib = (byTarget: Record<string, number>) =>
    Object.entries(byTarget)
      .map(([k, v]) => `${k} ${v.toFixed(0)} MiB`)
      .join(', ');
  table += `\nRSS after S1: ${mib(rss.afterS1)}. RSS after the whole bench: ${mib(rss.afterBench)}.\n`;
  const overCeiling = REAL_CLIENTS.map(({ label }) => {
    const value = summary[withClient(S1, label)]?.gateway?.overCeiling ?? Number.NaN;
    return `${label} ${Number.isFinite(value) ? value.toFixed(2) : '—'}`;
  });
  table += `Gateway / node:http ceiling in S1 (median of per-repetition ratios): ${overCeiling.join(', ')}.\n`;
  table += `Idle p50 (1 connection): ${Object.entries(idle)
    .map(([k, v]) => `${k} hit ${v.hitP50.toFixed(2)} ms / miss ${v.missP50.toFixed(2)} ms`)
    .join(
      '; ',
    )}. SWR itself (the simulator asked directly, ${LATENCY_MS} ms added latency): ${upstreamP50.toFixed(2)} ms.\n`;
  table += `Gateway S4/S1 throughput (median of per-repetition ratios): ${s4OverS1.toFixed(2)}.\n`;
  // Where S4 loses: its first slice holds its 200 misses; the others are hits, like every S1 slice.
  const bySlice = s4BySlice(s1, s4);
  if (bySlice)
    table += `Gateway S4/S1 by slice (medians of per-repetition ratios to S1's whole run): first slice (S4's 200 misses) ${bySlice.first.toFixed(2)}, the other slices ${bySlice.rest.toFixed(2)}.\n`;
  const tracing = spanBytes === undefined ? undefined : tracingCost(results, spanBytes);
  if (tracing) table += `${tracing.line}\n`;
  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const loader = WRK ?? 'autocannon';
  table += `Machine: ${machine}. ${REPS} repetitions × ${SECONDS}s, medians, ${CONNECTIONS} connections; load from ${loader}.\n`;
  const targets = evaluateTargets(summary, rss.afterBench.gateway);
  table += `\nTargets (${targets.filter((t) => t.pass).length} of ${targets.length} met):\n${formatTargets(targets)}\n`;
  process.stdout.write(`\n${table}`);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results', QUICK ? 'quick.json' : 'latest.json'),
    JSON.stringify(
      {
        machine,
        loader,
        latencyMs: LATENCY_MS,
        reps: REPS,
        seconds: SECONDS,
        slices: SLICES,
        summary,
        s4BySlice: bySlice,
        samples: results,
        rss: rss.afterS1,
        rssAfterBench: rss.afterBench,
        idle,
        upstreamP50,
        targets,
        ...(tracing ? { tracing: tracing.ratios } : {}),
      },
      null,
      2,
    ),
  );
}

/** Tracing on over off, throughput and CPU per request, paired by repetition; with what the receiver got. */
function tracingCost(results: Record<string, Record<string, Sample[]>>, spanBytes: number) {
  const of = (scenario: string) => {
    const on = results[scenario]?.['gateway-tracing-on'] ?? [];
    const off = results[scenario]?.['gateway-tracing-off'] ?? [];
    const cpu = (samples: Sample[]) => median(samples.map((x) => x.cpuUsPerRequest));
    return { throughput: pairedRatio(on, off), cpuOn: cpu(on), cpuOff: cpu(off) };
  };
  const ratios = { s1: of(TRACED_S1), s2: of(TRACED_S2), spanBytes };
  const f = (r: ReturnType<typeof of>) =>
    `${r.throughput.toFixed(2)} (CPU ${r.cpuOff.toFixed(0)} → ${r.cpuOn.toFixed(0)} µs/request)`;
  const line = `Tracing on / off, every request sampled, OTLP/HTTP protobuf to a local receiver (median of per-repetition throughput ratios): S1 ${f(ratios.s1)}, S2 ${f(ratios.s2)}; ${(spanBytes / 1024 / 1024).toFixed(1)} MiB of spans received.`;
  return { ratios, line };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
