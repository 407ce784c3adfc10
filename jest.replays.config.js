// Tests that replay the real test-infra regressions in ../shared/replays through the CLI (CI has them; a fresh clone may not).
import base from './jest.config.js';
export default {
  ...base,
  testMatch: ['<rootDir>/test/replays/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
};
