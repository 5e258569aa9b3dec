/**
 * What the client is generated from and into: each service's OpenAPI document as the service
 * serves it (`/v1/<service>/docs/openapi.json`), committed under libs/client/openapi/, and the
 * types openapi-typescript makes of it under libs/client/src/generated/. `npm run client:generate`
 * writes them; the client's end-to-end test fails when the committed ones differ.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@diallink/common';

export const CLIENT_ROOT = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(CLIENT_ROOT, '../..');

/** The generated files, relative to the repository, with their content. */
export type GeneratedFiles = Map<string, string>;

export async function fetchDocuments(origin: string): Promise<Map<string, unknown>> {
  const documents = new Map<string, unknown>();
  for (const service of SERVICE_NAMES) {
    const response = await fetch(`${origin}/v1/${service}/docs/openapi.json`);
    if (!response.ok) throw new Error(`${service}: GET /v1/${service}/docs/openapi.json answered ${response.status}`);
    documents.set(service, await response.json());
  }
  return documents;
}

/** Formats as `npx prettier --write` would (its command line: its API loads ES modules, which Jest cannot). */
function prettier(text: string, file: string): string {
  const run = spawnSync(
    process.execPath,
    [path.join(path.dirname(require.resolve('prettier/package.json')), 'bin/prettier.cjs'), '--stdin-filepath', file],
    { cwd: REPO_ROOT, input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`prettier failed on ${file}: ${run.stderr}`);
  return run.stdout;
}

/** Runs openapi-typescript's command line on one document (its API is an ES module, which Jest cannot load). */
function openapiTypescript(document: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'diallink-openapi-'));
  try {
    const input = path.join(dir, 'openapi.json');
    const output = path.join(dir, 'types.ts');
    writeFileSync(input, JSON.stringify(document));
    const run = spawnSync(
      process.execPath,
      [
        path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js'),
        input,
        '--output',
        output,
        '--root-types',
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`openapi-typescript failed: ${run.stderr}`);
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The committed form of each document and of its types. */
export async function render(documents: Map<string, unknown>): Promise<GeneratedFiles> {
  const files: GeneratedFiles = new Map();
  for (const [service, document] of documents) {
    const json = `libs/client/openapi/${service}.json`;
    files.set(json, prettier(JSON.stringify(document), json));
    const types = `libs/client/src/generated/${service}.ts`;
    files.set(types, prettier(openapiTypescript(document), types));
  }
  return files;
}

export function readCommitted(files: GeneratedFiles): GeneratedFiles {
  const committed: GeneratedFiles = new Map();
  for (const file of files.keys()) {
    let content = '';
    try {
      content = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    } catch {
      // Not generated yet: differs from anything.
    }
    committed.set(file, content);
  }
  return committed;
}

export function writeFiles(files: GeneratedFiles): void {
  for (const [file, content] of files) writeFileSync(path.join(REPO_ROOT, file), content);
}
