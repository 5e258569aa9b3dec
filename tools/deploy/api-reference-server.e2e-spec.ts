/**
 * The production stack's one API reference: the compose service and nginx routes that
 * `npm run deploy:generate` writes for it (no Docker engine runs here, so they are checked
 * against the code), and the process itself, started as its compose command starts it, against
 * a running service.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, freePort } from '../../libs/common/src';
import { checkExamples } from '../../libs/testing/src/openapi-examples';
import { PhoneSystemFixture, startPhoneSystem } from '../../apps/phone-system/src/testing/phone-system.fixture';
import { loadRegistry } from '../registry/registry-source';
import { API_REFERENCE_PORT, composeFile, nginxConfig, upstreamVariable } from './deploy-files';
import { apiReferenceConfig } from './api-reference-server';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const { services } = loadRegistry();

interface ComposeService {
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

describe('the one API reference in the production-shaped stack', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const nginx = read('deploy/nginx/nginx.conf');
  const reference = compose.services['api-reference'];

  it('is in the files `npm run deploy:generate` writes', () => {
    expect(read('docker-compose.yml')).toBe(composeFile());
    expect(nginx).toBe(nginxConfig());
    expect(reference).toBeDefined();
  });

  it('runs tools/deploy/api-reference-server.ts with tsx from the migrate job’s image (the repository and its tools)', () => {
    expect(reference.build).toEqual({ context: '.', target: 'migrate' });
    expect(read('Dockerfile')).toMatch(/^FROM build AS migrate$/m);
    expect(read('Dockerfile')).toMatch(/^COPY \. \.$/m);
    expect(reference.command).toEqual(['node', '--import', 'tsx', 'tools/deploy/api-reference-server.ts']);
    expect(existsSync(path.join(ROOT, 'tools/deploy/api-reference-server.ts'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'tools/stack/api-reference.md'))).toBe(true);
    const manifest = JSON.parse(read('package.json')) as Record<string, Record<string, string>>;
    expect(manifest.devDependencies.tsx ?? manifest.dependencies.tsx).toBeDefined();
    expect(manifest.dependencies['swagger-ui-dist']).toBeDefined();
  });

  it.each(services.map((s) => [s.name, s] as const))(
    'fetches the %s document from that compose service on its own port',
    (name, service) => {
      const own = compose.services[name].environment?.PORT;
      expect(Number(own)).toBe(service.port);
      expect(reference.environment?.[upstreamVariable(name)]).toBe(`http://${name}:${service.port}`);
    },
  );

  it('passes only settings its configuration knows, and all it requires', () => {
    const environment = reference.environment ?? {};
    expect(Object.keys(environment).sort()).toEqual(
      ['PORT', ...services.map((service) => upstreamVariable(service.name))].sort(),
    );
    const config = apiReferenceConfig(environment);
    expect(config.port).toBe(API_REFERENCE_PORT);
    expect(Object.keys(config.upstreams).sort()).toEqual(services.map((service) => service.name).sort());
  });

  it('refuses to start without a service’s URL, naming every missing one on one line', () => {
    expect(() => apiReferenceConfig({ PORT: '3100' })).toThrow(ConfigError);
    expect(() => apiReferenceConfig({ PORT: '3100' })).toThrow(
      new RegExp(services.map((service) => `${upstreamVariable(service.name)} is missing`).join('.*')),
    );
  });

  it('is routed by nginx at /v1/docs and /v1/docs/…, and the origin waits until it answers', () => {
    expect(nginx).toMatch(
      new RegExp(`upstream api-reference\\s*\\{[^}]*server api-reference:${API_REFERENCE_PORT} resolve;`),
    );
    expect(nginx).toMatch(/location = \/v1\/docs\s*\{ proxy_pass http:\/\/api-reference; \}/);
    expect(nginx).toMatch(/location \/v1\/docs\/\s*\{ proxy_pass http:\/\/api-reference; \}/);
    // No service's own prefix takes the path: no service is called `docs`.
    expect(services.map((service) => service.name)).not.toContain('docs');
    expect(reference.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${API_REFERENCE_PORT}/v1/docs`);
    expect(compose.services.gateway.depends_on?.['api-reference']).toEqual({ condition: 'service_healthy' });
  });
});

describe('the api-reference process, started as compose starts it', () => {
  let phone: PhoneSystemFixture;
  let child: ChildProcess;
  let origin: string;
  let output = '';

  beforeAll(async () => {
    phone = await startPhoneSystem();
    await phone.app.listen({ port: 0, host: '127.0.0.1' });
    const phoneUrl = `http://127.0.0.1:${(phone.app.getHttpServer().address() as AddressInfo).port}`;
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' };
    for (const service of services) env[upstreamVariable(service.name)] = nobody;
    env[upstreamVariable('phone-system')] = phoneUrl;
    child = spawn(process.execPath, ['--import', 'tsx', 'tools/deploy/api-reference-server.ts'], { cwd: ROOT, env });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`api-reference did not start:\n${output}`)), 90_000);
      const ready = () => {
        if (!output.includes('listening on')) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout?.on('data', ready);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`api-reference exited with ${String(code)}:\n${output}`));
      });
    });
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await phone?.close();
  });

  it('serves the merged document with the running service’s operations and examples, naming those that did not answer', async () => {
    const response = await fetch(`${origin}/v1/docs/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
      'x-diallink-unavailable': string[];
    };
    expect(document.paths['/v1/phone-system/contacts'].get.operationId).toBe('phoneSystem.contacts.list');
    expect(document.paths['/v1/phone-system/contacts'].post.requestBody).toMatchObject({
      content: { 'application/json': { examples: { quickStart: { value: { firstName: 'Sophia' } } } } },
    });
    expect(document['x-diallink-unavailable'].sort()).toEqual(
      services
        .map((service) => service.name)
        .filter((name) => name !== 'phone-system')
        .sort(),
    );
    expect(checkExamples(document as never).problems).toEqual([]);
  }, 60_000);

  it('serves the page and its assets, and the API’s 404 body elsewhere under /v1/docs', async () => {
    const page = await fetch(`${origin}/v1/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/v1/docs/openapi.json');
    expect((await fetch(`${origin}/v1/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    const missing = await fetch(`${origin}/v1/docs/nothing-here`, { headers: { 'X-Request-Id': 'r-docs-404' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      status: 404,
      error: 'NOT_FOUND',
      message: 'No such route.',
      details: [],
      requestId: 'r-docs-404',
    });
  });

  it('stops on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
