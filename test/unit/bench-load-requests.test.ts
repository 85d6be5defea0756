import { asSentBy, coldRequestCount, loadRequests } from '../../bench/load-requests';
import { coldRequest, hotRequest } from '../../bench/scenarios';

const job = {
  url: 'http://127.0.0.1:4102',
  connections: 50,
  durationSec: 1,
  token: 't',
} as const;

test("the bench's own request is its JSON POST with the token and no accept, as since run 1", () => {
  const hot = hotRequest(20, 't');
  expect(loadRequests({ ...job, scenario: 'hot' })).toEqual([
    {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', 'x-auth-token': 't' },
      body: hot.body,
    },
  ]);
});

test('a hot run with several clients sends its query as each of them in turn', () => {
  const list = loadRequests({ ...job, scenario: 'hot', clients: ['urql', 'apollo4'] });
  const hot = hotRequest(20, 't');
  expect(list).toEqual([asSentBy('urql', hot, job.url), asSentBy('apollo4', hot, job.url)]);
  expect(list.map((r) => r.method)).toEqual(['GET', 'POST']);
});

test('a cold run sends distinct queries from its offset, the clients taking turns', () => {
  const list = loadRequests({ ...job, scenario: 'cold', coldOffset: 40, clients: ['urql', 'apollo4'] });
  expect(list).toHaveLength(coldRequestCount(1));
  expect(list[0]).toEqual(asSentBy('urql', coldRequest(40, 't'), job.url));
  expect(list[1]).toEqual(asSentBy('apollo4', coldRequest(41, 't'), job.url));
  expect(new Set(list.map((r) => r.path + (r.body ?? ''))).size).toBe(list.length);
});

test('a cold run gets more distinct queries than 50 connections at 20 ms can send, up to 15,000', () => {
  expect(coldRequestCount(1)).toBeGreaterThan(2500);
  expect(coldRequestCount(4)).toBeGreaterThan(4 * 2500);
  expect(coldRequestCount(60)).toBe(15_000);
});
