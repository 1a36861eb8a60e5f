// Three projects: unit (pure logic, no I/O), integration (real PostgreSQL and RabbitMQ), and e2e
// (the five services started as processes, driven over HTTP through the gateway).
const swcConfig = require('./scripts/swc-config.cjs');

// NestJS 12 and a few of its dependencies ship ESM only: let SWC turn them into CommonJS.
const esmOnly = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'load-esm',
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|m?j)s$': ['@swc/jest', { ...swcConfig(), swcrc: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@app/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@app/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
    '^@app/platform$': '<rootDir>/libs/platform/src/index.ts',
    '^@app/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // Per-project testTimeout is not applied by Jest 30; the global one is.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFiles: ['<rootDir>/test/support/test-env.ts'],
      testTimeout: 60000,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/test-env.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 90000,
    },
  ],
};
