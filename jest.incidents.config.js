// Tests that read the real incident data in ../shared/incidents (CI has it; a fresh clone may not).
import base from './jest.config.js';
export default {
  ...base,
  testMatch: ['<rootDir>/test/incidents/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
};
