// Shared by every project's jest.config.ts: SWC transform (decorator metadata included), the
// @diallink/* aliases. Projects whose tests touch data add `databaseSetup` below.
const path = require('node:path');

const root = __dirname;

/** One PostgreSQL for the whole run, migrated once into a template database; see tools/testing. */
const databaseSetup = {
  globalSetup: path.join(root, 'tools/testing/global-setup.ts'),
  globalTeardown: path.join(root, 'tools/testing/global-teardown.ts'),
};

const preset = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // Jest on Node 20 cannot require() ES modules; the few CommonJS packages that depend on one
  // get it compiled to CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(?:.*/node_modules/)?(?:content-disposition|@prisma/schema-engine-wasm)/)',
  ],
  // The libraries' aliases, from tsconfig.base.json (the one list).
  moduleNameMapper: Object.fromEntries(
    Object.entries(require('./tsconfig.base.json').compilerOptions.paths).map(([alias, [file]]) => [
      `^${alias}$`,
      path.join(root, file),
    ]),
  ),
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
module.exports = { preset, databaseSetup };
