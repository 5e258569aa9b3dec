/**
 * One reference for the whole API at the origin: `GET /v1/docs` (Swagger UI) and
 * `GET /v1/docs/openapi.json`, the services' own documents (`/v1/<service>/docs/openapi.json`,
 * fetched from the running upstreams and cached) merged into one, tagged per service, with the
 * reference's prose on authentication, paging and filtering. It stays as true as the services'
 * documents are: nothing here describes an operation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServiceName } from '@diallink/common';
import { FILTER_OPERATORS } from '@diallink/query';

type Json = Record<string, unknown>;
type Document = Json & { paths?: Json; tags?: { name: string; description?: string }[]; components?: Json };

export interface ApiReferenceOptions {
  /** How long a service's document is reused before it is fetched again (ms, default 30 s). */
  cacheMs?: number;
  /** How long a service may take to hand its document over (ms, default 5 s). */
  timeoutMs?: number;
}

const OPERATORS: Record<(typeof FILTER_OPERATORS)[number], [string, string]> = {
  isnull: ['Is empty or unknown', 'isnull(zip)'],
  isnotnull: ["Isn't empty or unknown", 'isnotnull(country)'],
  eq: ['Equals', 'eq(country,US)'],
  neq: ["Isn't equal", 'neq(industry,GOVERNMENT)'],
  gt: ['Greater than', 'gt(employeeCount,1000)'],
  gte: ['Greater than or equal', 'gte(annualRevenue,500000)'],
  lt: ['Less than', 'lt(employeeCount,15)'],
  lte: ['Less than or equal', 'lte(annualRevenue,200000)'],
  in: ['Any of', 'in(country,US,GE,FR)'],
  nin: ['None of', 'nin(industry,HEALTHCARE,FINANCIAL)'],
  btn: ['Between', 'btn(employeeCount,15,50)'],
  like: ['Contains', 'like(companyName,Enterprise)'],
  notlike: ["Doesn't contain", 'notlike(companyName,Corp)'],
};

/** The prose of the reference (api-reference.md) with the operator table made from the code's operators. */
export function referenceDescription(): string {
  const table = [
    '| Operator | Description | Example |',
    '| --- | --- | --- |',
    ...FILTER_OPERATORS.map(
      (operator) => `| \`${operator}\` | ${OPERATORS[operator][0]} | \`${OPERATORS[operator][1]}\` |`,
    ),
  ].join('\n');
  return readFileSync(path.join(__dirname, 'api-reference.md'), 'utf8').replace('{{OPERATORS}}', table);
}

/** JSON with sorted keys: equal values, equal strings (whatever realm or key order they come in). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

function camel(name: string): string {
  const value = pascal(name);
  return value.charAt(0).toLowerCase() + value.slice(1);
}

function titleOf(document: Document, service: string): string {
  const title = (document.info as Json | undefined)?.title;
  return typeof title === 'string' ? title.replace(/^DialLink /, '') : service;
}

/**
 * The services' documents as one: paths as they are (each under its `/v1/<service>`), tags and
 * operationIds prefixed with the service (`phone-system: contacts`, `phoneSystem.contacts.list`),
 * `x-tagGroups` one per service, and components shared where they are equal (the error and
 * paging schemas, headers, security schemes) or renamed with the service's prefix where two
 * services mean different things by one name.
 */
export function mergeDocuments(documents: { service: ServiceName; document: Document }[]): Document {
  const merged = {
    openapi: '3.1.0',
    info: {
      title: 'DialLink API',
      version: '1',
      description: referenceDescription(),
      license: { name: 'Proprietary', identifier: 'LicenseRef-DialLink' },
    },
    servers: [] as unknown[],
    tags: [] as { name: string; description?: string }[],
    'x-tagGroups': [] as { name: string; tags: string[] }[],
    paths: {} as Json,
    components: {} as Record<string, Json>,
  };
  for (const { service, document } of documents) {
    if (merged.servers.length === 0 && Array.isArray(document.servers)) merged.servers = document.servers;
    const renames = new Map<string, string>();
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      const target = (merged.components[kind] ??= {});
      for (const [name, value] of Object.entries(entries as Json)) {
        if (target[name] === undefined || canonical(target[name]) === canonical(value)) continue;
        renames.set(`#/components/${kind}/${name}`, `#/components/${kind}/${pascal(service)}${name}`);
      }
    }
    // Every reference of this service's document to a renamed component, renamed with it.
    const text = JSON.stringify(document).replace(/"(#\/components\/[^"]+)"/g, (whole, ref: string) =>
      renames.has(ref) ? JSON.stringify(renames.get(ref)) : whole,
    );
    const own = JSON.parse(text) as Document;
    for (const [kind, entries] of Object.entries(own.components ?? {})) {
      const target = (merged.components[kind] ??= {});
      for (const [name, value] of Object.entries(entries as Json)) {
        const renamed = renames.get(`#/components/${kind}/${name}`)?.split('/').pop() ?? name;
        target[renamed] = value;
      }
    }
    const title = titleOf(document, service);
    const tags = (own.tags ?? []).map((tag) => ({ ...tag, name: `${service}: ${tag.name}` }));
    const used = new Set<string>();
    for (const [route, item] of Object.entries(own.paths ?? {})) {
      for (const operation of Object.values(item as Record<string, Json>)) {
        if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
        const names = ((operation.tags as string[] | undefined) ?? ['service']).map((tag) => `${service}: ${tag}`);
        operation.tags = names;
        names.forEach((name) => used.add(name));
        if (typeof operation.operationId === 'string')
          operation.operationId = `${camel(service)}.${operation.operationId}`;
      }
      merged.paths[route] = item;
    }
    for (const name of used) if (!tags.some((tag) => tag.name === name)) tags.push({ name, description: title });
    merged.tags.push(...tags.sort((a, b) => a.name.localeCompare(b.name)));
    merged['x-tagGroups'].push({ name: title, tags: tags.map((tag) => tag.name) });
  }
  return merged as unknown as Document;
}

/** The Swagger UI page of the merged document; its assets come from swagger-ui-dist. */
function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DialLink API reference</title>
<link rel="stylesheet" href="/v1/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/v1/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: '/v1/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
</script>
</body>
</html>
`;
}

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/**
 * Registers `/v1/docs`, `/v1/docs/openapi.json` and the page's assets on the gateway's own
 * Fastify instance. A service that does not answer is left out of the merged document (its
 * last good copy is used when there is one) and named in `x-diallink-unavailable`.
 */
export function registerApiReference(
  gateway: FastifyInstance,
  upstreams: Record<ServiceName, string>,
  options: ApiReferenceOptions = {},
): void {
  const cacheMs = options.cacheMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const cache = new Map<ServiceName, { at: number; document: Document }>();

  const documentOf = async (service: ServiceName): Promise<Document | undefined> => {
    const cached = cache.get(service);
    if (cached && Date.now() - cached.at < cacheMs) return cached.document;
    try {
      const response = await fetch(`${upstreams[service]}/v1/${service}/docs/openapi.json`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const document = (await response.json()) as Document;
      cache.set(service, { at: Date.now(), document });
      return document;
    } catch {
      return cached?.document;
    }
  };

  const distDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

  gateway.get('/v1/docs/openapi.json', async (_request, reply) => {
    const services = Object.keys(upstreams) as ServiceName[];
    const found = await Promise.all(
      services.map(async (service) => ({ service, document: await documentOf(service) })),
    );
    const merged = mergeDocuments(
      found.filter((entry): entry is { service: ServiceName; document: Document } => entry.document !== undefined),
    );
    const missing = found.filter((entry) => entry.document === undefined).map((entry) => entry.service);
    if (missing.length > 0) merged['x-diallink-unavailable'] = missing;
    void reply.header('cache-control', 'no-cache');
    return merged;
  });
  for (const url of ['/v1/docs', '/v1/docs/']) {
    gateway.get(url, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page()));
  }
  gateway.get<{ Params: { file: string } }>('/v1/docs/assets/:file', async (request, reply) => {
    const type = ASSETS[request.params.file];
    if (!type) return reply.callNotFound();
    void reply.header('cache-control', 'public, max-age=86400');
    return reply.type(type).send(readFileSync(path.join(distDir, request.params.file)));
  });
}
