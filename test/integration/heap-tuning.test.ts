import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { HeapTuning } from '../../src/server/heapTuning';
import { ROOT, runEntry } from '../helpers/process';

// The gateway turns V8's allocation-site pretenuring off (src/server/heapTuning.ts). V8 traces its pretenuring
// decisions on request: with the tuning, it makes none; without it, the same allocations are pretenured.
const FIXTURE = join(ROOT, 'test', 'fixtures', 'pretenuring.ts');

// V8 tenures a site only at a scavenge of a young generation at its maximum size; before that, a site that survives
// stays "maybe tenure". A 1 MB maximum keeps the young generation there from the start: on a loaded machine it
// could otherwise still be growing at every scavenge of the fixture, and nothing got tenured (seen in CI).
const YOUNG_AT_MAXIMUM = '--max-semi-space-size=1';

function run(mode: 'tuned' | 'default', nodeFlags: string[] = []) {
  const result = spawnSync(
    process.execPath,
    ['--trace-pretenuring-statistics', YOUNG_AT_MAXIMUM, ...nodeFlags, '--import', 'tsx', FIXTURE, mode],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  const lines = result.stdout.split('\n');
  const outcome = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as { tuning?: HeapTuning };
  return {
    tuning: outcome.tuning,
    decisions: lines.filter((l) => l.includes('pretenuring:')).length,
    tenured: lines.filter((l) => l.includes('=> tenure')).length,
  };
}

test('without the tuning, V8 pretenures allocations that survive (the control)', () => {
  const r = run('default');
  expect(r.tuning).toBeUndefined();
  expect(r.tenured).toBeGreaterThan(0);
}, 60_000);

test('with it, V8 makes no pretenuring decision at all', () => {
  const r = run('tuned');
  expect(r.tuning).toEqual({ allocationSitePretenuring: false, decidedBy: 'gateway' });
  expect(r.decisions).toBe(0);
}, 60_000);

test('a pretenuring flag on the command line wins over the tuning, the last one counting', () => {
  const on = run('tuned', ['--no-allocation-site-pretenuring', '--allocation-site-pretenuring']);
  expect(on.tuning).toEqual({ allocationSitePretenuring: true, decidedBy: 'command line' });
  expect(on.tenured).toBeGreaterThan(0);
  const off = run('tuned', ['--allocation-site-pretenuring', '--no-allocation-site-pretenuring']);
  expect(off.tuning).toEqual({ allocationSitePretenuring: false, decidedBy: 'command line' });
  expect(off.decisions).toBe(0);
}, 60_000);

test('the gateway process applies it at start and says so in its start-up line', async () => {
  const gateway = runEntry(join(ROOT, 'src', 'main.ts'), { PORT: '0', HOST: '127.0.0.1' });
  try {
    const line = await gateway.waitForLog((e) => typeof e.url === 'string', 30_000);
    expect(line.allocationSitePretenuring).toBe(false);
  } finally {
    gateway.kill();
    await gateway.exited;
  }
}, 40_000);
