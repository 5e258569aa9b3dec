#!/usr/bin/env node
// Compiles one app and the libs it runs with to dist/apps/<app> (or the directory given second)
// with SWC (decorator metadata included, @diallink/* aliases rewritten to relative paths). Entry
// point: <out>/apps/<app>/src/main.js. Tests and testing folders (libs/testing, fixtures) are left out.
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');

const app = process.argv[2];
const root = path.resolve(__dirname, '../..');
if (!app) {
  console.error('Usage: node tools/build/build-app.js <app> [out-dir]');
  process.exit(2);
}
const outDir = process.argv[3] ?? path.join('dist/apps', app);
rmSync(path.join(root, outDir), { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [
    require.resolve('@swc/cli/bin/swc.js'),
    `apps/${app}/src`,
    'libs',
    '--out-dir',
    outDir,
    '--config-file',
    '.swcrc',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/testing/**,**/jest.config.js',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
