import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_CATALOG, EVENT_DEFINITIONS, EventType } from '@diallink/registry';

/**
 * The event catalog (generated from each service's `events.json`) as validators. The
 * compatibility rule: within a type, version n+1 may only add optional fields to version n —
 * every field of n stays, with the same type and the same required-ness. Anything else is a new
 * type. Consumers ignore fields they do not know, so an old consumer reads a new version.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'diallink-events', $defs: EVENT_DEFINITIONS }, 'diallink-events');

const validators = new Map<string, ValidateFunction>();

interface Schema {
  type?: string | readonly string[];
  properties?: Record<string, Schema>;
  required?: readonly string[];
  items?: Schema;
  $ref?: string;
}

function catalogEntry(type: string): (typeof EVENT_CATALOG)[EventType] | undefined {
  return (EVENT_CATALOG as Record<string, (typeof EVENT_CATALOG)[EventType]>)[type];
}

export function isKnownEventType(type: string): type is EventType {
  return catalogEntry(type) !== undefined;
}

/** The newest version of `type` this build knows. */
export function latestVersion(type: EventType): number {
  return catalogEntry(type)?.version ?? 0;
}

function schemaOf(type: string, version: number): Schema | undefined {
  const entry = catalogEntry(type);
  return (entry?.versions as Record<string, Schema> | undefined)?.[String(version)];
}

function validator(type: string, version: number): ValidateFunction | undefined {
  const key = `${type}@${version}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = schemaOf(type, version);
    if (!schema) return undefined;
    const refs = JSON.parse(JSON.stringify(schema).replace(/"#\/\$defs\//g, '"diallink-events#/$defs/')) as object;
    validate = ajv.compile(refs);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Problems of `data` against `type`'s schema: of `version` when this build knows it, else of the
 * newest version it knows (a newer version only adds fields, which are ignored).
 */
export function eventDataProblems(type: string, version: number, data: unknown): string[] {
  if (!isKnownEventType(type)) return [`unknown event type ${type}`];
  const validate = validator(type, Math.min(version, latestVersion(type)));
  if (!validate) return [`${type} has no version ${version}`];
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is not valid'}`);
}

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/$defs/', '');
  return (EVENT_DEFINITIONS as Record<string, Schema>)[name] ?? schema;
}

const typesOf = (schema: Schema) => [schema.type ?? 'object'].flat().join('|');

/** What `next` breaks of `previous` under the compatibility rule, `path` naming where. */
export function compatibilityProblems(previous: Schema, next: Schema, path = 'data'): string[] {
  const before = resolve(previous);
  const after = resolve(next);
  if (typesOf(before) !== typesOf(after)) return [`${path} changed type from ${typesOf(before)} to ${typesOf(after)}`];
  const problems: string[] = [];
  const requiredBefore = new Set(before.required ?? []);
  const requiredAfter = new Set(after.required ?? []);
  for (const [field, schema] of Object.entries(before.properties ?? {})) {
    const kept = after.properties?.[field];
    if (!kept) {
      problems.push(`${path}.${field} was removed`);
      continue;
    }
    if (requiredBefore.has(field) !== requiredAfter.has(field))
      problems.push(`${path}.${field} changed whether it is required`);
    problems.push(...compatibilityProblems(schema, kept, `${path}.${field}`));
  }
  for (const field of requiredAfter) {
    if (!before.properties?.[field])
      problems.push(`${path}.${field} is new and required (new fields must be optional)`);
  }
  if (before.items && after.items) problems.push(...compatibilityProblems(before.items, after.items, `${path}[]`));
  return problems;
}

/** Every break of the rule between consecutive versions of every type in the catalog. */
export function catalogCompatibilityProblems(): string[] {
  return Object.entries(EVENT_CATALOG).flatMap(([type, entry]) => {
    const versions = entry.versions as Record<string, Schema>;
    const problems: string[] = [];
    for (let version = 2; version <= entry.version; version++) {
      problems.push(
        ...compatibilityProblems(versions[String(version - 1)], versions[String(version)]).map(
          (p) => `${type} v${version}: ${p}`,
        ),
      );
    }
    return problems;
  });
}
