/**
 * Reads and checks the services' own declarations (`apps/<service>/service.json`,
 * `apps/<service>/events.json`). Every mistake is reported at once, naming its file.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  minimum?: number;
  additionalProperties?: boolean;
}

export interface ServiceDeclaration {
  name: string;
  title: string;
  description: string;
  port: number;
  schema: string;
  product: { id: string; name: string } | null;
  resources: string[];
  subscribes: string[];
  publishes: string[];
  /** What the production stack gives this service besides the common settings (tools/deploy). */
  deploy: { secrets: string[]; environment: Record<string, string>; volumes: string[] };
}

export interface EventDeclaration {
  producer: string;
  description: string;
  /** The newest version. */
  version: number;
  versions: Record<string, JsonSchema>;
}

export interface Registry {
  services: ServiceDeclaration[];
  events: Record<string, EventDeclaration>;
  /** Named shapes (`$defs`) of the events' schemas, prefixed with the producer (`AccountHubUser`). */
  definitions: Record<string, JsonSchema>;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SCHEMA = /^[a-z][a-z0-9_]*$/;

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** `#/$defs/User` of account-hub's events → `AccountHubUser`, inlined as a named type. */
function resolveRefs(
  schema: JsonSchema,
  prefix: string,
  defs: Record<string, JsonSchema>,
  problems: string[],
  where: string,
): JsonSchema {
  if (schema.$ref) {
    const name = /^#\/\$defs\/([A-Za-z0-9]+)$/.exec(schema.$ref)?.[1];
    if (!name || !defs[name]) problems.push(`${where}: unknown $ref ${schema.$ref}`);
    return { $ref: `#/$defs/${prefix}${name}` };
  }
  const copy: JsonSchema = { ...schema };
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        resolveRefs(value, prefix, defs, problems, `${where}.${key}`),
      ]),
    );
  }
  if (schema.items) copy.items = resolveRefs(schema.items, prefix, defs, problems, `${where}[]`);
  return copy;
}

export function loadRegistry(root = ROOT): Registry {
  const problems: string[] = [];
  const services: ServiceDeclaration[] = [];
  const events: Record<string, EventDeclaration> = {};
  const definitions: Record<string, JsonSchema> = {};
  const apps = readdirSync(path.join(root, 'apps'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const { name: folder } of apps.sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join('apps', folder, 'service.json');
    if (!existsSync(path.join(root, file))) continue;
    const declared = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Omit<
      ServiceDeclaration,
      'publishes' | 'deploy'
    > & {
      deploy?: Partial<ServiceDeclaration['deploy']>;
    };
    if (declared.name !== folder || !NAME.test(declared.name))
      problems.push(`${file}: name must be the folder name (${folder})`);
    if (!SCHEMA.test(declared.schema ?? '')) problems.push(`${file}: schema must be a lower-case SQL name`);
    if (!Number.isInteger(declared.port)) problems.push(`${file}: port must be a whole number`);
    const service: ServiceDeclaration = {
      name: declared.name,
      title: declared.title,
      description: declared.description,
      port: declared.port,
      schema: declared.schema,
      product: declared.product ?? null,
      resources: declared.resources ?? [],
      subscribes: declared.subscribes ?? [],
      publishes: [],
      deploy: {
        secrets: declared.deploy?.secrets ?? [],
        environment: declared.deploy?.environment ?? {},
        volumes: declared.deploy?.volumes ?? [],
      },
    };
    const eventsFile = path.join('apps', folder, 'events.json');
    if (existsSync(path.join(root, eventsFile))) {
      const source = JSON.parse(readFileSync(path.join(root, eventsFile), 'utf8')) as {
        $defs?: Record<string, JsonSchema>;
        events: Record<string, { description: string; versions: Record<string, JsonSchema> }>;
      };
      const defs = source.$defs ?? {};
      const prefix = pascal(service.name);
      for (const [defName, schema] of Object.entries(defs)) {
        definitions[`${prefix}${defName}`] = resolveRefs(
          schema,
          prefix,
          defs,
          problems,
          `${eventsFile} $defs.${defName}`,
        );
      }
      for (const [type, entry] of Object.entries(source.events)) {
        if (!type.startsWith(`${service.name}.`) || type.split('.').length !== 3) {
          problems.push(`${eventsFile}: ${type} must be named ${service.name}.<resource>.<verb>`);
        }
        const numbers = Object.keys(entry.versions).map(Number);
        if (numbers.length === 0 || numbers.some((n, i) => n !== i + 1)) {
          problems.push(`${eventsFile}: ${type} needs versions 1, 2, … without gaps`);
        }
        events[type] = {
          producer: service.name,
          description: entry.description,
          version: Math.max(...numbers),
          versions: Object.fromEntries(
            Object.entries(entry.versions).map(([version, schema]) => [
              version,
              resolveRefs(schema, prefix, defs, problems, `${eventsFile} ${type} v${version}`),
            ]),
          ),
        };
        service.publishes.push(type);
      }
    }
    services.push(service);
  }
  for (const service of services) {
    for (const type of service.subscribes) {
      if (!events[type])
        problems.push(`apps/${service.name}/service.json: subscribes to ${type}, which no service publishes`);
    }
  }
  const ports = services.map((s) => s.port);
  if (new Set(ports).size !== ports.length) problems.push('two services declare the same port');
  if (problems.length > 0) throw new Error(`The service registry is not valid:\n- ${problems.join('\n- ')}`);
  return { services, events, definitions };
}

/** A TypeScript type for the subset of JSON Schema the catalog uses. */
export function typeOf(schema: JsonSchema): string {
  if (schema.$ref) return schema.$ref.replace('#/$defs/', '');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  const parts = types.map((type) => {
    switch (type) {
      case 'null':
        return 'null';
      case 'string':
        return schema.enum ? schema.enum.map((value) => JSON.stringify(value)).join(' | ') : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array':
        return `Array<${schema.items ? typeOf(schema.items) : 'unknown'}>`;
      case 'object': {
        const required = new Set(schema.required ?? []);
        const fields = Object.entries(schema.properties ?? {}).map(
          ([key, value]) => `${JSON.stringify(key)}${required.has(key) ? '' : '?'}: ${typeOf(value)}`,
        );
        return `{ ${fields.join('; ')} }`;
      }
      default:
        return 'unknown';
    }
  });
  return parts.join(' | ');
}
