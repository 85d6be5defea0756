import { DEMO_ACCESS_KEY, DEMO_TOKEN, type Simulator, startSimulator } from '../../src/simulator';
import { sdkListSharedRepositories } from '../helpers/officialSdk';

/**
 * The official SDK always sends `center` and, when its caller sets a filter, `filter` beside it
 * (`center=self&filter=center::self|name::nginx|…`). SWR reads both; where both name a parameter, the separate one
 * wins. The demo pair's data is the demo token's.
 */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

const names = (body: unknown) => (body as { name: string; namespace: string }[]).map((r) => r.name);

test('center with a filter naming a repository answers that repository, not 400 4001035', async () => {
  const wanted = sim.dataset(DEMO_TOKEN, 'self').find((r) => r.name.includes('/'));
  expect(wanted).toBeDefined();
  const filter = `center::self|name::${wanted?.name.replaceAll('/', '$')}|limit::10|offset::0`;
  const answer = await sdkListSharedRepositories(sim.url, { center: 'self', filter }, DEMO_ACCESS_KEY);
  expect(answer.status).toBe(200);
  expect(names(answer.body)).toContain(wanted?.name);
  expect(names(answer.body).every((name) => name.includes(wanted?.name ?? '?'))).toBe(true);
});

test('the separate center wins over the filter center', async () => {
  const filter = 'center::self|order_column::name|order_type::asc|limit::1000|offset::0';
  const answer = await sdkListSharedRepositories(sim.url, { center: 'thirdparty', filter }, DEMO_ACCESS_KEY);
  expect(answer.status).toBe(200);
  const thirdparty = sim.dataset(DEMO_TOKEN, 'thirdparty').map((r) => r.name);
  expect([...names(answer.body)].sort()).toEqual([...thirdparty].sort());
  expect(names(answer.body)).toEqual([...names(answer.body)].sort());
});
