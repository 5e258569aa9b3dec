// Lint rules that catch what types do not: an app importing another app or a lib's deep path
// (module boundaries by project tags), promises nobody awaits, unhandled switch cases.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Libraries' own tests use the testing lib, which is built on them: a cycle through tests only. */
const TEST_ONLY_CYCLES = [
  ['auth', 'testing'],
  ['db', 'testing'],
  ['common', 'testing'],
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
    files: ['**/*.ts'],
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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
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
