#!/usr/bin/env node
// Compiles one app and the libs it runs with to dist/apps/<app> (or the directory given second)
// with SWC (decorator metadata included, @diallink/* aliases of tsconfig.base.json rewritten to
// relative paths). Entry point: <out>/apps/<app>/src/main.js. Tests and testing folders
// (libs/testing, fixtures) are left out.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const app = process.argv[2];
const root = path.resolve(__dirname, '../..');
if (!app) {
  console.error('Usage: node tools/build/build-app.js <app> [out-dir]');
  process.exit(2);
}
const outDir = process.argv[3] ?? path.join('dist/apps', app);
rmSync(path.join(root, outDir), { recursive: true, force: true });

// .swcrc with the one list of library aliases, tsconfig.base.json's.
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
const { paths } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
swcrc.jsc = { ...swcrc.jsc, baseUrl: root, paths };
const config = path.join(root, 'tmp', `swcrc-${app}-${process.pid}.json`);
mkdirSync(path.dirname(config), { recursive: true });
writeFileSync(config, JSON.stringify(swcrc));
const result = spawnSync(
  process.execPath,
  [
    require.resolve('@swc/cli/bin/swc.js'),
    `apps/${app}/src`,
    'libs',
    '--out-dir',
    outDir,
    '--config-file',
    config,
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/testing/**,**/jest.config.js',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
rmSync(config, { force: true });
process.exit(result.status ?? 1);
