/**
 * Child process for the huge-body memory test: the real gateway (`startGateway`) alone in a fresh
 * process, so that its RSS is the gateway's, not jest's or the simulator's (which stays in the parent).
 *
 * Protocol over IPC: argv = [simulator URL, cap bytes, token]; the child warms up, sends 'ready', waits for
 * 'go' (the parent has armed the fault), makes one GraphQL request and sends back a ProbeReport.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startGateway } from '../../src/server';
import { LogCapture } from './logs';

export interface ProbeReport {
  code: unknown;
  ms: number;
  rssGrowth: number;
  arrayBufferGrowth: number;
  logLines: string[];
  responseText: string;
}

/** A page of its own per request: the cache (on, as in production) would answer a repeated one from memory. */
const query = (size: number) =>
  `{ sharedRepositories(page: { size: ${size} }) { totalCount nodes { name } } }`;

/**
 * undici reads the socket in paused mode, so every byte exists twice until a GC: the socket's read buffer
 * (garbage at once) and the concatenated chunk the gateway keeps. V8 collects such off-heap garbage only
 * after tens of MB; collecting it as it arises makes the peak show what the gateway holds.
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  return () => gc({ type: 'minor' });
}

async function main(): Promise<void> {
  const [simUrl = '', cap = '', token = ''] = process.argv.slice(2);
  const config = loadConfig({
    SWR_ENDPOINT: simUrl,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    UPSTREAM_MAX_RESPONSE_BYTES: cap,
  });
  const logs = new LogCapture();
  const gateway = await startGateway(config, createLogger('debug', logs));
  const ask = async (size: number) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        accept: 'application/graphql-response+json,application/json;q=0.9',
        'content-type': 'application/json',
        'x-auth-token': token,
      },
      body: JSON.stringify({ query: query(size) }),
    });
    return response.text();
  };
  // Warm every code path the measured request takes, so that the growth is data, not compiled code.
  for (let i = 1; i <= 3; i += 1) await ask(i);
  const collect = collector();
  await new Promise<void>((resolve) => {
    process.send?.('ready');
    process.once('message', () => resolve());
  });
  collect();
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, arrayBuffers: baseline.arrayBuffers };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
  };
  const sampler = setInterval(() => {
    collect();
    sample();
  }, 1);
  const started = performance.now();
  const responseText = await ask(10);
  const ms = performance.now() - started;
  sample();
  clearInterval(sampler);
  await gateway.close();
  const body = JSON.parse(responseText) as { errors?: { extensions?: { code?: unknown } }[] };
  const report: ProbeReport = {
    code: body.errors?.[0]?.extensions?.code,
    ms,
    rssGrowth: peak.rss - baseline.rss,
    arrayBufferGrowth: peak.arrayBuffers - baseline.arrayBuffers,
    logLines: logs.lines,
    responseText,
  };
  process.send?.(report, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`memory probe failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
