/**
 * No Docker engine runs here, so docker-compose.yml, the Dockerfile and the nginx config are
 * checked against the code instead: every service, build argument, port, route and environment
 * variable they name must exist.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES, ServiceName } from '../../libs/common/src/http/service-app';
import { configSpec as accountHub } from '../../apps/account-hub/src/app/service';
import { configSpec as phoneSystem } from '../../apps/phone-system/src/app/service';
import { configSpec as obs } from '../../apps/obs/src/app/service';
import { configSpec as callQueue } from '../../apps/call-queue/src/app/service';
import { configSpec as numberPorting } from '../../apps/number-porting/src/app/service';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  build?: { context: string; target?: string; args?: Record<string, string> };
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const nginx = read('deploy/nginx/nginx.conf');
const dockerfile = read('Dockerfile');
const specs: Record<ServiceName, Record<string, { default?: unknown }>> = {
  'account-hub': accountHub,
  'phone-system': phoneSystem,
  obs,
  'call-queue': callQueue,
  'number-porting': numberPorting,
};

describe('docker-compose.yml, Dockerfile and nginx.conf agree with the code', () => {
  it('has one compose service per app, and an app for each', () => {
    const apps = readdirSync(path.join(ROOT, 'apps')).sort();
    expect(apps).toEqual([...SERVICE_NAMES].sort());
    for (const name of SERVICE_NAMES) expect(compose.services[name]).toBeDefined();
  });

  it.each(SERVICE_NAMES)('builds %s from the Dockerfile’s service stage with its own SERVICE', (name) => {
    const service = compose.services[name];
    expect(service.build).toEqual({ context: '.', target: 'service', args: { SERVICE: name } });
    expect(dockerfile).toMatch(/^FROM .* AS service$/m);
    expect(existsSync(path.join(ROOT, 'apps', name, 'project.json'))).toBe(true);
    expect(dockerfile).toContain('dist/apps/${SERVICE}/src/main.js');
    expect(dockerfile).toContain('/repo/dist/apps/${SERVICE}');
    expect(read('tools/build/build-app.js')).toContain("path.join('dist/apps', app)");
  });

  it.each(SERVICE_NAMES)('passes %s only settings its configuration knows, and all it requires', (name) => {
    const environment = compose.services[name].environment ?? {};
    const spec = specs[name];
    for (const variable of Object.keys(environment)) expect(Object.keys(spec)).toContain(variable);
    const required = Object.entries(spec).filter(([, validator]) => validator.default === undefined).map(([key]) => key);
    for (const variable of required) expect(Object.keys(environment)).toContain(variable);
    expect(Number(environment.PORT)).toBe(spec.PORT.default);
  });

  it.each(SERVICE_NAMES)('routes /v1/%s/ in nginx to that compose service on its port', (name) => {
    const port = compose.services[name].environment?.PORT;
    expect(nginx).toMatch(new RegExp(`location /v1/${name}/\\s*\\{ proxy_pass http://${name}; \\}`));
    expect(nginx).toMatch(new RegExp(`upstream ${name}\\s*\\{[^}]*server ${name}:${port} resolve;`));
  });

  it('keeps a service’s local data on a named volume shared by its replicas', () => {
    for (const name of SERVICE_NAMES) {
      const dataDir = compose.services[name].environment?.DIALLINK_DATA_DIR;
      if (!dataDir) continue;
      const mount = (compose.services[name].volumes ?? []).find((volume) => volume.endsWith(`:${dataDir}`));
      expect(mount).toBeDefined();
      expect(Object.keys(compose.volumes)).toContain(mount?.split(':')[0]);
    }
    expect(compose.services['phone-system'].environment?.DIALLINK_DATA_DIR).toBe('/data');
    expect(dockerfile).toContain('chown node:node /data');
  });

  it('has no published port on a service, so that it can be scaled', () => {
    for (const name of SERVICE_NAMES) expect(compose.services[name].ports).toBeUndefined();
  });

  it('serves the one origin on 8080 from nginx with this config, after every service is healthy', () => {
    const gateway = compose.services.gateway;
    expect(gateway.ports).toEqual(['8080:8080']);
    expect(gateway.volumes).toContain('./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(nginx).toMatch(/listen 8080;/);
    for (const name of SERVICE_NAMES) expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
  });

  it('takes every secret from .env, with a message when it is missing', () => {
    for (const name of SERVICE_NAMES) {
      const environment = compose.services[name].environment ?? {};
      for (const secret of ['JWT_PUBLIC_KEY', 'API_KEY_PEPPER']) {
        expect(environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
      }
      expect('JWT_PRIVATE_KEY' in environment).toBe(name === 'account-hub');
    }
    expect(read('tools/stack/write-env.ts')).toContain('JWT_PRIVATE_KEY');
  });

  it('migrates once before the services start, with the migration stage', () => {
    expect(compose.services.migrate.build).toEqual({ context: '.', target: 'migrate' });
    expect(dockerfile).toMatch(/^FROM build AS migrate$/m);
    for (const script of ['tools/db/migrate.ts', 'apps/account-hub/src/seed-first-owner.ts']) {
      expect(dockerfile).toContain(script);
      expect(existsSync(path.join(ROOT, script))).toBe(true);
    }
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(compose.services[name].environment?.DATABASE_URL).toBe(compose.services.migrate.environment?.DATABASE_URL);
    }
  });

  it('names a database the postgres service creates', () => {
    const postgres = compose.services.postgres.environment ?? {};
    const url = new URL(compose.services.migrate.environment?.DATABASE_URL ?? '');
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(postgres.POSTGRES_USER);
    expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(compose.services.redis).toBeDefined();
  });
});
