import { DEMO_ACCESS_KEY, type Simulator, startSimulator } from '../../src/simulator';
import { createClock, type TestClock } from '../helpers/clock';
import { type AccessKey, sdkListSharedRepositories } from '../helpers/officialSdk';

/**
 * APIG locks an AK for five minutes once authentication with it fails more than five times in a row; in that time
 * even a correct signature is refused. The simulator's clock is the test's, so no test waits five minutes.
 */
const KEY: AccessKey = { ak: 'HPUALOCKOUT000000001', sk: 'lockout-secret-key-0000000000000000000001' };
const WRONG: AccessKey = { ak: KEY.ak, sk: 'not-the-secret-key' };
const QUERY = { center: 'self', limit: '10', offset: '0' };
const LOCKED = 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.';

let clock: TestClock;
let sim: Simulator;
beforeEach(async () => {
  clock = createClock();
  sim = await startSimulator({ port: 0, accessKeys: [KEY], clock: clock.now });
});
afterEach(() => sim.close());

/** One SDK call signed with `key`, at the test's time. */
const call = (key: AccessKey) => sdkListSharedRepositories(sim.url, QUERY, key, clock.now);

/** `times` calls signed with a wrong SK, one after the other, each refused for its signature. */
async function failWith(key: AccessKey, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const answer = await call(key);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error_msg: expect.stringContaining('verify aksk signature fail') });
  }
}

test('six signature failures in a row lock the AK: a correct signature is then refused with APIG.0301', async () => {
  await failWith(WRONG, 6);
  const answer = await call(KEY);
  expect(answer.status).toBe(401);
  expect(answer.body).toEqual({ error_code: 'APIG.0301', error_msg: LOCKED, request_id: expect.any(String) });
});

test('only failures in a row count: five, a success and five more leave the AK open; six lock it', async () => {
  await failWith(WRONG, 5);
  expect((await call(KEY)).status).toBe(200);
  await failWith(WRONG, 5);
  expect((await call(KEY)).status).toBe(200);
  await failWith(WRONG, 6);
  expect((await call(KEY)).body).toMatchObject({ error_msg: LOCKED });
});

test('the lock holds for five minutes and then lapses', async () => {
  await failWith(WRONG, 6);
  clock.advance(5 * 60_000 - 1);
  expect((await call(KEY)).body).toMatchObject({ error_msg: LOCKED });
  clock.advance(1);
  expect((await call(KEY)).status).toBe(200);
});

test('a lock is per AK: another pair still authenticates', async () => {
  await failWith(WRONG, 6);
  expect((await call(KEY)).body).toMatchObject({ error_msg: LOCKED });
  expect((await call(DEMO_ACCESS_KEY)).status).toBe(200);
});

test('reset() lifts every lock, so that tests sharing a simulator start from a clean slate', async () => {
  await failWith(WRONG, 6);
  expect((await call(KEY)).body).toMatchObject({ error_msg: LOCKED });
  sim.reset();
  expect((await call(KEY)).status).toBe(200);
});
