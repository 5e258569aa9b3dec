// Lint rules that catch what types do not: an app importing another app or a lib's deep path
// (module boundaries by project tags), promises nobody awaits, unhandled switch cases.
import { readdirSync, existsSync } from 'node:fs';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** The services: every app folder with a service.json (the registry's source). */
const SERVICES = readdirSync(new URL('./apps', import.meta.url)).filter((name) =>
  existsSync(new URL(`./apps/${name}/service.json`, import.meta.url)),
);

/**
 * The system paths: the only app code that may use a service database's `unscoped` client (every
 * other query goes through the tenant scope) or raw SQL. Each works across tenants on purpose.
 */
const SYSTEM_PATHS = [
  // Login and refresh find a user or token before any tenant is known.
  'apps/account-hub/src/app/tokens/token.service.ts',
  // Sign-up: emails are unique across tenants.
  'apps/account-hub/src/app/tenants/tenants.service.ts',
  // A replay reads every tenant.
  'apps/account-hub/src/app/events/replay-source.ts',
  // The first start's seeding: one lock for the whole database.
  'apps/account-hub/src/seed-first-owner.ts',
  // A phone number is unique across tenants.
  'apps/phone-system/src/app/phone-numbers/phone-numbers.service.ts',
  // Events about no tenant (a replay's end marker).
  'apps/phone-system/src/app/events/account-hub.handlers.ts',
];

const UNSCOPED_AND_RAW = [
  [
    'unscoped',
    'the unscoped client is for the system paths listed in eslint.config.mjs: use forTenant() or transaction()',
  ],
  ['$queryRaw', 'raw SQL bypasses the tenant scope: use the client, or RowLocks in a transaction'],
  ['$executeRaw', 'raw SQL bypasses the tenant scope: use the client, or RowLocks in a transaction'],
  ['$queryRawUnsafe', 'raw SQL bypasses the tenant scope: use the client, or RowLocks in a transaction'],
  ['$executeRawUnsafe', 'raw SQL bypasses the tenant scope: use the client, or RowLocks in a transaction'],
].map(([property, message]) => ({ property, message }));

/** Libraries' own tests use the testing lib, which is built on them: a cycle through tests only. */
const TEST_ONLY_CYCLES = [
  ['auth', 'testing'],
  ['db', 'testing'],
  ['common', 'testing'],
  ['events', 'testing'],
  ['query', 'testing'],
];

const boundaries = (depConstraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    banTransitiveDependencies: false,
    ignoredCircularDependencies: TEST_ONLY_CYCLES,
    depConstraints,
  },
];

export default tseslint.config(
  { ignores: ['**/dist', '**/node_modules', '**/generated', 'tmp', '.nx', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util'] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util'] },
        { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:util', 'type:testing', 'type:app'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ]),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tenant scope that cannot be forgotten: no unscoped client and no raw SQL in app code.
    files: ['apps/**/*.ts'],
    ignores: [...SYSTEM_PATHS, '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**'],
    rules: { 'no-restricted-properties': ['error', ...UNSCOPED_AND_RAW] },
  },
  // A service's code cannot name another service's models: no import of another app's generated client.
  ...SERVICES.map((service) => ({
    files: [`apps/${service}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: SERVICES.filter((other) => other !== service).map((other) => ({
            group: [`**/${other}/src/generated/**`, `**/apps/${other}/**`],
            message: `${service} cannot use ${other}'s code or generated client: services share data through events (docs/architecture.md).`,
          })),
        },
      ],
    },
  })),
  {
    // Tests and test helpers may import the testing lib and reach into an app's own testing folder.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util'] },
        { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:util', 'type:testing', 'type:app'] },
      ]),
    },
  },
  {
    // Dev tooling (start script, build, migrations, Jest setup, compose checks) reaches into apps
    // and libs by path on purpose: it runs outside the apps' module system.
    files: ['tools/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
