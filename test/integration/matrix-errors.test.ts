import type { Fault, SimulatedRepository } from '../../src/simulator';
import { type Harness, listCalls } from '../helpers/harness';
import {
  type Answer,
  ASKS,
  askAll,
  askData,
  codesOf,
  DEPLOYMENTS,
  type Deployment,
  deploymentFixture,
  FIRST_PAGE,
  firstPageOf,
  requestOf,
  SHORT_LIST,
  send,
  withoutTypenames,
  withToken,
} from '../helpers/matrix';

/**
 * The matrix (issue 21), errors and revalidation: refused input, upstream faults, missing or rejected tokens, and
 * ETag/304 — in every deployment, each request sent more than once, replicas taking turns. Each test asks as
 * callers of its own, so it meets a cold cache whatever ran before.
 */

/** Every answer is one error with `code` and no data. */
function expectOnly(answers: Answer[], code: string, status = 200): void {
  for (const a of answers) {
    expect(a.status).toBe(status);
    expect(codesOf(a)).toEqual([code]);
    expect(a.body?.data ?? null).toBeNull();
  }
}

describe.each(DEPLOYMENTS)('%s', (name) => {
  const deployment = deploymentFixture(name);
  let d: Deployment;
  beforeEach(() => {
    d = deployment();
  });

  describe('errors', () => {
    test.each<[string, Record<string, unknown>]>([
      ['a namespace that breaks SWR rules', { namespace: 'Bad_NS' }],
      ['page size 0', { page: { size: 0 } }],
      ['a page size over the maximum', { page: { size: 101 } }],
      ['a cursor that is not one', { page: { after: 'not a cursor!' } }],
    ])('%s is BAD_USER_INPUT before any upstream call', async (_label, variables) => {
      expectOnly(
        await askAll(d, { query: SHORT_LIST, variables }, withToken('matrix-input')),
        'BAD_USER_INPUT',
      );
      expect(d.sim.requests).toHaveLength(0);
    });

    test.each<[string, string, Fault]>([
      ['500 with an internal body', 'UPSTREAM_UNAVAILABLE', { kind: 'serverError' }],
      ['malformed JSON', 'UPSTREAM_INVALID_RESPONSE', { kind: 'malformedJson' }],
      ['403 throttling', 'RATE_LIMITED', { kind: 'throttled', code: 'SVCSTG.SWR.4031032' }],
      ['404', 'NOT_FOUND', { kind: 'respond', status: 404, body: '' }],
    ])(
      'SWR answering %s is %s each time (never cached); once it recovers, the data',
      async (label, code, fault) => {
        const token = `matrix-fault-${label}`;
        d.sim.faults.enqueue(fault, ASKS.length);
        const answers = await askAll(d, FIRST_PAGE, withToken(token));
        expectOnly(answers, code);
        // One call per request: no retry for these, and no failure kept for the next caller.
        expect(listCalls(d.sim)).toHaveLength(answers.length);
        d.sim.reset();
        expect(await askData(d, FIRST_PAGE, withToken(token))).toEqual(
          firstPageOf(d.sim.dataset(token, 'self')),
        );
      },
    );

    test('a token SWR rejects (expired) is UNAUTHENTICATED each time, asking SWR each time', async () => {
      const answers = await askAll(d, FIRST_PAGE, withToken('expired-matrix-token'));
      expectOnly(answers, 'UNAUTHENTICATED');
      for (const a of answers) expect(a.body?.errors?.[0]?.extensions?.upstreamCode).toBe('APIG.0301');
      expect(listCalls(d.sim)).toHaveLength(answers.length);
    });

    test('no token is UNAUTHENTICATED without an upstream call (an empty one too)', async () => {
      expectOnly(await askAll(d, FIRST_PAGE, {}, ['apollo4', 'apollo4']), 'UNAUTHENTICATED');
      // What urql sends while its token is still empty: the header, without a value.
      expectOnly(await askAll(d, FIRST_PAGE, withToken(''), ['urql', 'urql']), 'UNAUTHENTICATED');
      expect(d.sim.requests).toHaveLength(0);
    });

    test('a GET without any credential header is refused as a possible CSRF (403), without an upstream call', async () => {
      expectOnly(await askAll(d, FIRST_PAGE, {}, ['urql', 'urql']), 'CSRF_HEADER_REQUIRED', 403);
      expect(d.sim.requests).toHaveLength(0);
    });
  });

  describe('ETag/304', () => {
    const get = (token: string) => requestOf('urql', FIRST_PAGE, withToken(token));
    const dataOf = (a: Answer) => withoutTypenames(a.body?.data);

    /** A GET at `replica` answering `expected`; its ETag. */
    async function tagged(replica: Harness, token: string, expected: unknown): Promise<string> {
      const a = await send(replica, get(token));
      expect(a.status).toBe(200);
      expect(dataOf(a)).toEqual(expected);
      const etag = a.headers.get('etag');
      expect(etag).toMatch(/^W\/"[^"]+"$/);
      return etag as string;
    }

    test('a GET again with If-None-Match is 304 without a body, each time, at the replica that tagged it', async () => {
      const token = 'matrix-etag';
      for (const replica of d.replicas) {
        const etag = await tagged(replica, token, firstPageOf(d.sim.dataset(token, 'self')));
        for (let i = 0; i < 2; i++) {
          const again = await send(replica, get(token), { 'if-none-match': etag });
          expect(again.status).toBe(304);
          expect(again.body).toBeUndefined();
          expect(again.headers.get('etag')).toBe(etag);
        }
      }
    });

    // Only where there is another replica.
    if (name === 'two replicas on Redis')
      test("another replica's ETag is a 304 too: replicas sharing CACHE_HMAC_SECRET tag alike", async () => {
        const token = 'matrix-etag-replica';
        const expected = firstPageOf(d.sim.dataset(token, 'self'));
        const [first, second] = d.replicas as [Harness, Harness];
        const etag = await tagged(first, token, expected);
        const elsewhere = await send(second, get(token), { 'if-none-match': etag });
        expect(elsewhere.status).toBe(304);
        expect(elsewhere.headers.get('etag')).toBe(etag);
      });

    test("another caller's ETag is a 200 even when both callers' data are the same, at every replica", async () => {
      const [owner, other] = ['matrix-etag-owner', 'matrix-etag-other'];
      // SWR answers both callers with the same one repository.
      const [item] = d.sim.dataset(owner, 'self') as [SimulatedRepository];
      d.sim.faults.always({ kind: 'respond', status: 200, body: [{ ...item, total_range: 1 }] });
      const same = firstPageOf([item]);
      const etag = await tagged(d.next(), owner, same);
      for (const replica of [...d.replicas, ...d.replicas]) {
        const crossed = await send(replica, get(other), { 'if-none-match': etag });
        expect(crossed.status).toBe(200);
        expect(dataOf(crossed)).toEqual(same);
      }
    });
  });
});
