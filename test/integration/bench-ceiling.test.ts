import { once } from 'node:events';
import { type CannedAnswer, captureAnswer } from '../../bench/canned';
import { asSentBy } from '../../bench/load-requests';
import { hotRequest } from '../../bench/scenarios';
import { type RunningCeiling, startCeiling } from '../../bench/start-ceiling';
import type { RunningGateway } from '../../src/server';
import { type Simulator, startSimulator } from '../../src/simulator';
import { startGatewayOver } from '../helpers/gateway';

/**
 * The bench's ceiling answers each request it was given with the gateway's own answer to it, byte for byte (status,
 * headers but the date, body), and nothing else. The answers come from a real gateway with production defaults.
 */
let sim: Simulator;
let gateway: RunningGateway;
let ceiling: RunningCeiling;
let answers: CannedAnswer[];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gateway = await startGatewayOver(sim);
  const hot = hotRequest(20, 'ceiling-token');
  const requests = (['urql', 'apollo4'] as const).map((client) => asSentBy(client, hot, gateway.url));
  // The second answer is a hit, as in the bench.
  for (const r of requests) await captureAnswer(gateway.url, r);
  answers = await Promise.all(requests.map((r) => captureAnswer(gateway.url, r)));
  ceiling = await startCeiling(0, answers);
});
afterAll(async () => {
  if (ceiling.child.exitCode === null) {
    ceiling.child.kill('SIGTERM');
    await once(ceiling.child, 'exit');
  }
  await gateway.close();
  await sim.close();
});

test("the ceiling answers urql's and Apollo Client's hot requests with the gateway's bytes", async () => {
  expect(answers.map((a) => a.status)).toEqual([200, 200]);
  for (const answer of answers) expect(await captureAnswer(ceiling.url, answer.request)).toEqual(answer);
});

test('the ceiling answers a request it was not given with 404', async () => {
  const other = asSentBy('urql', hotRequest(21, 'ceiling-token'), gateway.url);
  expect((await captureAnswer(ceiling.url, other)).status).toBe(404);
});
