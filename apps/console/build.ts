/**
 * Builds the console into dist/apps/console: one ES module bundle (esbuild, Preact's JSX), the
 * page and its style sheet. The gateway serves that folder at /console/ (tools/stack/gateway.ts).
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const CONSOLE_DIST = path.resolve(__dirname, '../../dist/apps/console');

export async function buildConsole(outDir = CONSOLE_DIST): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, 'src/main.tsx')],
    outfile: path.join(outDir, 'console.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: path.join(__dirname, 'tsconfig.json'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'console.css'])
    copyFileSync(path.join(__dirname, 'src', file), path.join(outDir, file));
}

if (require.main === module) {
  buildConsole().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
