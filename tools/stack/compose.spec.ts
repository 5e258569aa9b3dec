/**
 * No Docker engine runs here, so docker-compose.yml, the Dockerfile and the nginx config are
 * checked against the code instead: they are what the registry generates, and every service,
 * build argument, port, route and environment variable they name exists.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadRegistry } from '../registry/registry-source';
import { CONSOLE_HEADERS } from '../../apps/console/serving';
import { CONSOLE_ROOT, composeFile, maxConnections, nginxConfig, passwordVariable } from '../deploy/deploy-files';
import { serviceNodeFlags } from './service-node-flags';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const { services } = loadRegistry();

interface ComposeService {
  build?: { context: string; target?: string; args?: Record<string, string> };
  image?: string;
  command?: string[];
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

/** The lines of the Dockerfile's stage `name`, from its FROM to the next FROM. */
function stageOf(name: string): string[] {
  const lines = dockerfile.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^FROM \\S+ AS ${name}$`).test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.startsWith('FROM '));
  return lines.slice(start, end < 0 ? undefined : end).filter((line) => line && !line.startsWith('#'));
}

/** Each service's configuration spec, as its main.ts reads it. */
async function specOf(name: string): Promise<Record<string, { default?: unknown }>> {
  const module = (await import(path.join(ROOT, 'apps', name, 'src/app/service'))) as {
    configSpec: Record<string, { default?: unknown }>;
  };
  return module.configSpec;
}

describe('docker-compose.yml, Dockerfile and nginx.conf agree with the code', () => {
  it('are what `npm run deploy:generate` writes from the services’ registrations', () => {
    expect(read('docker-compose.yml')).toBe(composeFile());
    expect(nginx).toBe(nginxConfig());
  });

  it('runs each service with the Node flags npm start gives it (source maps only on request)', () => {
    const command = /^CMD \["sh", "-c", "exec node (.*) dist\/apps\/\$\{SERVICE\}\/src\/main\.js"\]$/m.exec(dockerfile);
    expect(command?.[1].split(' ')).toEqual([...serviceNodeFlags({}), '${DIALLINK_SOURCE_MAPS:+--enable-source-maps}']);
    expect(serviceNodeFlags({ DIALLINK_SOURCE_MAPS: '1' })).toContain('--enable-source-maps');
  });

  it('has one compose service per registered app, and a registration for each app', () => {
    // apps/console is the web console: static files served at /console/, not an API service.
    const NOT_SERVICES = ['console'];
    const apps = readdirSync(path.join(ROOT, 'apps'))
      .filter((name) => !NOT_SERVICES.includes(name))
      .sort();
    expect(apps).toEqual(services.map((s) => s.name).sort());
    for (const { name } of services) expect(compose.services[name]).toBeDefined();
  });

  it.each(services.map((s) => [s.name, s] as const))(
    'builds %s from the Dockerfile’s service stage with its own SERVICE',
    (name) => {
      expect(compose.services[name].build).toEqual({ context: '.', target: 'service', args: { SERVICE: name } });
      expect(dockerfile).toMatch(/^FROM .* AS service$/m);
      expect(existsSync(path.join(ROOT, 'apps', name, 'project.json'))).toBe(true);
      expect(dockerfile).toContain('dist/apps/${SERVICE}/src/main.js');
      expect(dockerfile).toContain('/repo/dist/apps/${SERVICE}');
      expect(read('tools/build/build-app.js')).toContain("path.join('dist/apps', app)");
    },
  );

  it.each(services.map((s) => [s.name, s] as const))(
    'passes %s only settings its configuration knows, and all it requires',
    async (name, service) => {
      const environment = compose.services[name].environment ?? {};
      const spec = await specOf(name);
      for (const variable of Object.keys(environment)) expect(Object.keys(spec)).toContain(variable);
      const required = Object.entries(spec)
        .filter(([, validator]) => validator.default === undefined)
        .map(([key]) => key);
      for (const variable of required) expect(Object.keys(environment)).toContain(variable);
      expect(Number(environment.PORT)).toBe(spec.PORT.default);
      expect(Number(environment.PORT)).toBe(service.port);
    },
  );

  it.each(services.map((s) => [s.name, s] as const))(
    'connects %s as its own role, with its own password',
    (name, service) => {
      const [, user, password, host] =
        /^postgresql:\/\/([^:]+):(.+)@([^@]+)$/.exec(compose.services[name].environment?.DATABASE_URL ?? '') ?? [];
      expect(user).toBe(`diallink_${service.schema}`);
      expect(password).toBe(`\${${passwordVariable(service)}:?set it in .env (npm run secrets:env)}`);
      expect(host).toBe('postgres:5432/diallink');
      expect(compose.services.migrate.environment?.[passwordVariable(service)]).toBeDefined();
      expect(read('tools/stack/secrets.ts')).toContain('DIALLINK_DB_PASSWORD_');
    },
  );

  it.each(services.map((s) => [s.name, s] as const))(
    'routes /v1/%s/ in nginx to that compose service on its port',
    (name, service) => {
      expect(nginx).toMatch(new RegExp(`location /v1/${name}/\\s*\\{ proxy_pass http://${name}; \\}`));
      expect(nginx).toMatch(new RegExp(`upstream ${name}\\s*\\{[^}]*server ${name}:${service.port} resolve;`));
    },
  );

  it('keeps a service’s local data on a named volume shared by its replicas', () => {
    for (const { name } of services) {
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
    for (const { name } of services) expect(compose.services[name].ports).toBeUndefined();
  });

  it('serves the one origin on 8080 from nginx with this config, after every service is healthy', () => {
    const gateway = compose.services.gateway;
    expect(gateway.ports).toEqual(['8080:8080']);
    expect(gateway.build).toEqual({ context: '.', target: 'gateway' });
    const stage = stageOf('gateway');
    expect(stage[0]).toMatch(/^FROM nginx:\S+ AS gateway$/);
    expect(stage).toContain('COPY deploy/nginx/nginx.conf /etc/nginx/nginx.conf');
    expect(nginx).toMatch(/listen 8080;/);
    for (const { name } of services) expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
  });

  it('serves the console’s build at /console/ with the headers the console asks for, and the API’s 404 body for what it lacks', () => {
    // The gateway image holds the build that apps/console/build.ts writes (dist/apps/console).
    expect(stageOf('console')).toContain('RUN node --import tsx apps/console/build.ts');
    expect(stageOf('gateway')).toContain(
      `COPY --from=console /repo/dist/apps/console ${CONSOLE_ROOT.replace(/\/$/, '')}`,
    );
    const location = /location \/console\/ \{([^}]*\{[^}]*\}[^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(location).toContain(`alias ${CONSOLE_ROOT};`);
    for (const [name, value] of Object.entries(CONSOLE_HEADERS))
      expect(location).toContain(`add_header ${name} "${value}" always;`);
    expect(nginx).toContain('location = /console { absolute_redirect off; return 301 /console/; }');
    // A file the console does not have is the API's 404 body, as elsewhere.
    expect(location).toContain('error_page 404 = @not-found;');
    expect(/location @not-found \{\s*return 404 '(\{[^']*\})';/.exec(nginx)?.[1]).toMatch(
      /^\{"status":404,"error":"NOT_FOUND"/,
    );
  });

  it('takes every secret from .env, with a message when it is missing', () => {
    for (const service of services) {
      const environment = compose.services[service.name].environment ?? {};
      for (const secret of ['JWT_PUBLIC_KEY', 'API_KEY_PEPPER', 'SERVICE_TOKEN_SECRET', ...service.deploy.secrets]) {
        expect(environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
      }
      expect('JWT_PRIVATE_KEY' in environment).toBe(service.name === 'account-hub');
    }
    for (const secret of ['JWT_PRIVATE_KEY', 'SERVICE_TOKEN_SECRET', 'POSTGRES_PASSWORD', 'DIALLINK_ADMIN_PASSWORD'])
      expect(read('tools/stack/write-env.ts')).toContain(secret);
  });

  it('provisions and migrates once before the services start, with the migration stage', () => {
    expect(compose.services.migrate.build).toEqual({ context: '.', target: 'migrate' });
    expect(dockerfile).toMatch(/^FROM build AS migrate$/m);
    expect(dockerfile).toContain('"tools/db/migrate.ts", "--seed-first-owner"');
    expect(read('tools/db/migrate.ts')).toContain('apps/account-hub/src/seed-first-owner.ts');
    for (const { name } of services) {
      expect(compose.services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('gives the migrate job the administrator of the database the postgres service creates', () => {
    const postgres = compose.services.postgres.environment ?? {};
    const [, user, password, host, database] =
      /^postgresql:\/\/([^:]+):(.+)@([^@/]+):5432\/(\w+)$/.exec(
        compose.services.migrate.environment?.DATABASE_URL ?? '',
      ) ?? [];
    expect(host).toBe('postgres');
    expect(user).toBe(postgres.POSTGRES_USER);
    expect(password).toBe(postgres.POSTGRES_PASSWORD);
    expect(database).toBe(postgres.POSTGRES_DB);
    expect(compose.services.redis).toBeDefined();
  });

  it('sizes PostgreSQL’s max_connections for every service’s replicas', () => {
    expect(compose.services.postgres.command).toEqual([
      'postgres',
      '-c',
      `max_connections=${maxConnections(services)}`,
    ]);
    expect(maxConnections(services)).toBeGreaterThanOrEqual(services.length * 3 * 20);
  });
});
