/**
 * What the client is generated from and into: each service's OpenAPI document as the service
 * serves it (`/v1/<service>/docs/openapi.json`), committed under libs/client/openapi/, and the
 * types openapi-typescript makes of it under libs/client/src/generated/. `npm run client:generate`
 * writes them; the client's end-to-end test fails when the committed ones differ.
 */
import { spawn } from 'node:child_process';
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

/**
 * Runs a Node.js command line and resolves with its output. Asynchronous on purpose: blocking the
 * event loop for long would leave a test's kept-alive connections to look usable after the server
 * has closed them.
 */
function run(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args[0]} failed: ${stderr}`))));
    child.stdin.end(input ?? '');
  });
}

const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** Formats as `npx prettier --write` would (its command line: its API loads ES modules, which Jest cannot). */
function prettier(text: string, file: string): Promise<string> {
  return run([packageFile('prettier', 'bin/prettier.cjs'), '--stdin-filepath', file], text);
}

/** Runs openapi-typescript's command line on one document (its API is an ES module, which Jest cannot load). */
async function openapiTypescript(document: unknown): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'diallink-openapi-'));
  try {
    const input = path.join(dir, 'openapi.json');
    const output = path.join(dir, 'types.ts');
    writeFileSync(input, JSON.stringify(document));
    await run([packageFile('openapi-typescript', 'bin/cli.js'), input, '--output', output, '--root-types']);
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
    files.set(json, await prettier(JSON.stringify(document), json));
    const types = `libs/client/src/generated/${service}.ts`;
    files.set(types, await prettier(await openapiTypescript(document), types));
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
