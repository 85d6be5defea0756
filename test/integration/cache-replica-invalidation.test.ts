import { request } from 'undici';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { eventually, TEST_SECRET } from '../helpers/cache';
import { startGatewayOver } from '../helpers/gateway';
import { LogCapture } from '../helpers/logs';
import { inspector, type SpawnedRedis, spawnRedis } from '../helpers/redis';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy';

/**
 * Two whole gateways (fast path included) over one simulator and one Redis: what one replica learns from SWR (a
 * newer page, a 401) ends the other replica's kept results too, within a message's round-trip.
 */
const Q =
  'query Page($size: Int) { sharedRepositories(page: { size: $size }) { nodes { name description } } }';
const VARIABLES = { size: 3 };
const TOKEN = 'invalidation-tenant';
const IAM_USER = { domain: 'acme', name: 'svc', password: 'sim-password', tenant: 'acme-tenant' };
const CHANNEL_LOST = 'Redis invalidation channel lost: kept results are not reused until it is back';
/** How long a message may take to reach the other replica (far below the TTL every test would wait out without). */
const MESSAGE_MS = 2000;
/** How long a replica may take to notice a subscription that stopped delivering: two heartbeats and a margin. */
const HEARTBEAT_NOTICED_MS = 5000;

interface Replica {
  gateway: RunningGateway;
  logs: LogCapture;
}

interface Answer {
  status: number;
  etag: string | null;
  body: {
    data?: { sharedRepositories: { nodes: { name: string; description: string | null }[] } };
    errors?: { extensions?: { code?: string } }[];
    extensions?: { cache?: { status: string } };
  };
}

let sim: Simulator;
let redis: SpawnedRedis;
let replicas: Replica[] = [];
let proxy: TcpProxy | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, iamUsers: [IAM_USER] });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.reset();
  redis = await spawnRedis();
});
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.gateway.close()));
  replicas = [];
  await proxy?.close();
  proxy = undefined;
  await redis.stop();
});

/** Two replicas sharing Redis, its key prefix and the HMAC secret; `urls` when they reach Redis by other ways. */
async function startReplicas(
  extra: Record<string, string> = {},
  urls: [string, string] = [redis.url, redis.url],
): Promise<[Replica, Replica]> {
  replicas = await Promise.all(
    urls.map(async (url) => {
      const logs = new LogCapture();
      const env = { REDIS_URL: url, CACHE_HMAC_SECRET: TEST_SECRET, ...extra };
      return { gateway: await startGatewayOver(sim, env, logs), logs };
    }),
  );
  return replicas as [Replica, Replica];
}

async function post(replica: Replica, token: string, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await fetch(`${replica.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': token, ...headers },
    body: JSON.stringify({ query: Q, variables: VARIABLES }),
  });
  return { status: r.status, etag: r.headers.get('etag'), body: (await r.json()) as Answer['body'] };
}

/** A GET as a revalidating client sends it (undici.request: fetch would add `Cache-Control: no-cache`). */
async function get(replica: Replica, token: string, ifNoneMatch?: string): Promise<Answer> {
  const search = new URLSearchParams({ query: Q, variables: JSON.stringify(VARIABLES) });
  const r = await request(`${replica.gateway.url}/graphql?${search}`, {
    headers: { 'x-auth-token': token, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
  });
  const text = await r.body.text();
  const etag = r.headers.etag;
  return {
    status: r.statusCode,
    etag: typeof etag === 'string' ? etag : null,
    body: (text ? JSON.parse(text) : {}) as Answer['body'],
  };
}

/** Messages from the other replica this one applied (`gateway_cache_events_total{event="invalidation"}`). */
async function heard(replica: Replica): Promise<number> {
  const text = await (await fetch(`${replica.gateway.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_cache_events_total{event="invalidation"}'));
  return Number(line?.split(' ').pop());
}

const keptAnswers = (replica: Replica) => replica.gateway.fastPathAnswers?.().kept ?? 0;

/** Ask until the fast path answers from its kept result (the admission keeps a result from its second sighting). */
async function untilKept(replica: Replica, token: string): Promise<Answer> {
  let answer: Answer | undefined;
  await eventually(async () => {
    const before = keptAnswers(replica);
    answer = await post(replica, token);
    return keptAnswers(replica) > before;
  });
  expect(answer?.body.extensions?.cache?.status).toBe('HIT');
  return answer as Answer;
}

/** SWR's next answer: the token's first repository with a new description. */
function changedUpstream(description: string): void {
  const [first] = sim.dataset(TOKEN, 'self');
  sim.faults.enqueue({ kind: 'respond', status: 200, body: [{ ...first, description, total_range: 1 }] });
}

const descriptions = (answer: Answer) =>
  answer.body.data?.sharedRepositories.nodes.map((n) => n.description ?? null);

/** B refetches (a client asking B for a fresh answer) and gets `description` from SWR. */
async function refetchOn(b: Replica, description: string): Promise<void> {
  changedUpstream(description);
  const fresh = await post(b, TOKEN, { 'cache-control': 'no-cache' });
  expect(descriptions(fresh)).toEqual([description]);
}

/** Ask `replica` until it answers `description` (what another replica fetched), within a message's round-trip. */
async function untilShows(replica: Replica, description: string): Promise<void> {
  await eventually(async () => descriptions(await post(replica, TOKEN))?.[0] === description, MESSAGE_MS);
}

/** The whole round once more: A keeps a result, B refetches `description`, A answers it. */
async function invalidationWorks(a: Replica, b: Replica, description: string): Promise<void> {
  await untilKept(a, TOKEN);
  await refetchOn(b, description);
  await untilShows(a, description);
}

async function issueIamToken(): Promise<string> {
  const r = await fetch(`${sim.url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: IAM_USER.name, password: IAM_USER.password, domain: { name: IAM_USER.domain } },
          },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    }),
  });
  await r.text();
  return r.headers.get('x-subject-token') as string;
}

/** Connections subscribed to a channel, from `CLIENT LIST TYPE pubsub`. */
function subscribers(list: unknown): number {
  return String(list)
    .split('\n')
    .filter((line) => /\bsub=[1-9]/.test(line)).length;
}

/** Until both replicas use Redis again: a request makes each try it (a frozen Redis gives no other sign). */
async function untilRedisBack(replicas: readonly Replica[]): Promise<void> {
  await eventually(async () => {
    let ready = true;
    for (const replica of replicas) {
      await post(replica, TOKEN);
      ready &&= (await fetch(`${replica.gateway.url}/ready`)).status === 200;
    }
    return ready;
  }, 10_000);
}

test('a page refetched on replica B ends replica A kept result and its ETag', async () => {
  const [a, b] = await startReplicas();
  const old = await untilKept(a, TOKEN);
  const oldTag = (await get(a, TOKEN)).etag as string;
  expect(oldTag).toMatch(/^W\//);
  // The GET was answered from the kept result too: the tag is the one a revalidating client holds.
  expect(keptAnswers(a)).toBe(2);

  await refetchOn(b, 'refetched on B');
  // A client revalidating with the old tag gets the new data, not a 304.
  let revalidated: Answer | undefined;
  await eventually(async () => {
    revalidated = await get(a, TOKEN, oldTag);
    return revalidated.status !== 304;
  }, MESSAGE_MS);
  expect(revalidated?.status).toBe(200);
  expect(revalidated?.etag).not.toBe(oldTag);
  expect(descriptions(revalidated as Answer)).toEqual(['refetched on B']);
  const next = await post(a, TOKEN);
  expect(descriptions(next)).toEqual(['refetched on B']);
  expect(descriptions(next)).not.toEqual(descriptions(old));
  expect(await heard(a)).toBe(1);
});

test('a page refetched on replica B ends replica A kept result for a POST: A answers the new page', async () => {
  const [a, b] = await startReplicas();
  const old = await untilKept(a, TOKEN);
  const keptBefore = keptAnswers(a);
  await refetchOn(b, 'refetched on B');
  await untilShows(a, 'refetched on B');
  expect(keptAnswers(a)).toBe(keptBefore);
  expect(descriptions(old)).not.toEqual(['refetched on B']);
  // The one message A applied: B's page.
  expect(await heard(a)).toBe(1);
});

test('junk on the channel from another publisher is ignored: kept results stay in use and messages still work', async () => {
  const [a, b] = await startReplicas();
  await untilKept(a, TOKEN);
  const publisher = inspector(redis.url);
  try {
    for (const junk of ['not json', '{"type":"flush"}', '[1,2]', '{"r":"peer","o":42}', ''])
      await publisher.publish('swrgw:invalidations', junk);
    // One more: once it arrives, every junk message before it has been handled.
    await publisher.publish(
      'swrgw:invalidations',
      JSON.stringify({ r: 'a-third-replica', e: 'no-such-page', t: 1 }),
    );
  } finally {
    publisher.disconnect();
  }
  await eventually(async () => (await heard(a)) === 1, MESSAGE_MS);
  const keptBefore = keptAnswers(a);
  expect((await post(a, TOKEN)).body.extensions?.cache?.status).toBe('HIT');
  expect(keptAnswers(a)).toBe(keptBefore + 1);

  await refetchOn(b, 'after the junk');
  await untilShows(a, 'after the junk');
});

test('a token revoked upstream: B sees the 401, and A answers UNAUTHENTICATED too instead of its kept HIT', async () => {
  const [a, b] = await startReplicas();
  const token = await issueIamToken();
  await untilKept(a, token);
  sim.revokeIamTokens();
  const listener = inspector(redis.url);
  const announced: string[] = [];
  try {
    listener.on('pmessage', (_pattern: string, _channel: string, text: string) => announced.push(text));
    await listener.psubscribe('*');
    const onB = await post(b, token, { 'cache-control': 'no-cache' });
    expect(onB.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await eventually(() => announced.length > 0);
  } finally {
    listener.disconnect();
  }
  // What B announced names the credential by its HMAC only.
  expect(announced.join('\n')).not.toContain(token);
  let onA: Answer | undefined;
  await eventually(async () => {
    onA = await post(a, token);
    return onA.body.errors !== undefined;
  }, MESSAGE_MS);
  expect(onA?.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(onA?.body.data?.sharedRepositories).toBeUndefined();
});

test('messages missed while the subscription was down: A stops vouching for what it kept before resubscribing', async () => {
  const [a, b] = await startReplicas();
  await untilKept(a, TOKEN);
  const admin = inspector(redis.url);
  try {
    // Every subscriber connection goes; B's message is published before they reconnect, so nobody hears it.
    await admin.client('KILL', 'TYPE', 'pubsub');
    await refetchOn(b, 'published while A was deaf');
    // Both listen again before A is asked: what A kept before must not count as current.
    await eventually(async () => subscribers(await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) === 2);
  } finally {
    admin.disconnect();
  }
  await untilShows(a, 'published while A was deaf');
});

test('a replica that cannot subscribe does not answer from kept results; once it can, invalidation works again', async () => {
  const [a, b] = await startReplicas();
  await untilKept(a, TOKEN);
  const admin = inspector(redis.url);
  try {
    // Redis keeps serving both replicas, but refuses every SUBSCRIBE: the reconnected subscribers stay deaf.
    await admin.call('ACL', 'SETUSER', 'default', '-subscribe');
    await admin.client('KILL', 'TYPE', 'pubsub');
    await eventually(() => a.logs.entries().some((e) => e.msg === CHANNEL_LOST));
    const keptBefore = keptAnswers(a);
    await post(a, TOKEN);
    expect(keptAnswers(a)).toBe(keptBefore);
    await refetchOn(b, 'while nobody listens');
    expect(descriptions(await post(a, TOKEN))).toEqual(['while nobody listens']);
    expect(keptAnswers(a)).toBe(keptBefore);

    await admin.call('ACL', 'SETUSER', 'default', '+subscribe');
  } finally {
    admin.disconnect();
  }
  await invalidationWorks(a, b, 'heard again');
});

test('a subscription that silently stops delivering (a NAT forgot it) is noticed by its heartbeat and replaced', async () => {
  proxy = await startTcpProxy(redis.port);
  const [a, b] = await startReplicas({}, [proxy.url, redis.url]);
  await untilKept(a, TOKEN);

  // A's subscriber connection stays open but hears nothing; its page reads still pass.
  proxy.silenceSubscribers();
  await refetchOn(b, 'while A was cut off');
  await eventually(
    async () => descriptions(await post(a, TOKEN))?.[0] === 'while A was cut off',
    HEARTBEAT_NOTICED_MS,
  );
  expect(a.logs.entries().some((e) => e.msg === CHANNEL_LOST)).toBe(true);

  await invalidationWorks(a, b, 'heard on the new connection');
});

test('Redis killed: replicas keep answering from memory; once it is back, invalidation works again', async () => {
  const [a, b] = await startReplicas({ REDIS_COMMAND_TIMEOUT_MS: '100', REDIS_RETRY_AFTER_MS: '300' });
  const kept = await untilKept(a, TOKEN);

  await redis.stop();
  const keptBefore = keptAnswers(a);
  for (const replica of [a, b, a]) {
    const answer = await post(replica, TOKEN);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual(kept.body.data);
  }
  // Deaf to the others, A answers from its memory copies, but no longer from results kept on them.
  expect(keptAnswers(a)).toBe(keptBefore);

  redis = await spawnRedis(redis.port);
  await untilRedisBack([a, b]);
  // The restarted Redis is empty: A refetches, then keeps its result again once it is subscribed.
  await invalidationWorks(a, b, 'after the restart');
});

test('Redis frozen: replicas keep answering; once it answers again, invalidation works again', async () => {
  const [a, b] = await startReplicas({ REDIS_COMMAND_TIMEOUT_MS: '100', REDIS_RETRY_AFTER_MS: '300' });
  const kept = await untilKept(a, TOKEN);

  redis.freeze();
  // A fresh answer makes A write to the frozen Redis: from its timeout on, A no longer trusts what it kept.
  for (const headers of [{ 'cache-control': 'no-cache' }, {}] as Record<string, string>[]) {
    const answer = await post(a, TOKEN, headers);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual(kept.body.data);
  }
  const fromB = await post(b, TOKEN);
  expect(fromB.body.errors).toBeUndefined();
  expect(fromB.body.data).toEqual(kept.body.data);
  const keptBefore = keptAnswers(a);
  const fromA = await post(a, TOKEN);
  expect(fromA.body.data).toEqual(kept.body.data);
  expect(keptAnswers(a)).toBe(keptBefore);
  redis.thaw();

  await untilRedisBack([a, b]);
  await invalidationWorks(a, b, 'after the freeze');
});
