/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only: type checking is `npm run typecheck`'s job.
    '^.+\\.ts$': 'ts-jest',
  },
  testTimeout: 20000,
};
