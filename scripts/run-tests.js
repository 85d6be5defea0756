#!/usr/bin/env node
/**
 * `npm test`: every suite in parallel, then the suites that measure the process's memory, alone. Their RSS bounds
 * (a 50 MB upstream body must grow RSS by less than twice the 4 MB cap) hold in a quiet process, but CPU taken by
 * suites running beside them lets allocations outrun the probe's collections, which no bound can absorb.
 * Arguments go to jest; with a test path or pattern among them, jest runs once with exactly those.
 */
const { spawnSync } = require('node:child_process');

const ALONE = ['test/integration/resilience-body-size.test.ts'];
const jest = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);
const run = (extra) =>
  spawnSync(process.execPath, [jest, ...args, ...extra], { stdio: 'inherit' }).status ?? 1;

if (args.some((arg) => !arg.startsWith('-'))) process.exit(run([]));
const ignore = ALONE.map((path) => path.replaceAll('.', '\\.'));
const parallel = run(['--testPathIgnorePatterns', '/node_modules/', ...ignore]);
const alone = run(['--runInBand', ...ALONE]);
process.exit(parallel || alone);
