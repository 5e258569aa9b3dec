import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Redocly's lint of `document` with the repository's `redocly.yaml` (the recommended ruleset;
 * a rule is switched off there only with its reason). Resolves with the problems printed and
 * whether there were errors.
 */
export async function lintOpenApi(document: OpenAPIObject): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'diallink-openapi-'));
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const cli = require.resolve('@redocly/cli/bin/cli.js', { paths: [ROOT] });
  try {
    return await new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'stylish'],
        { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
        (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
