import type { OpenAPIObject } from '@nestjs/swagger';
import { documentAjv, documentRef } from './openapi-responses';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SUBSCHEMA = ['items', 'not', 'contains', 'additionalProperties', 'if', 'then', 'else', 'propertyNames'];
const SUBSCHEMAS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface ExampleCheck {
  /** How many examples were validated. */
  checked: number;
  /** One line per example that its schema refuses (or that cannot be checked), with where and why. */
  problems: string[];
}

/**
 * Validates every example in an OpenAPI document against the schema it illustrates, with the
 * same closed-schema validation as the end-to-end response check (`documentAjv`): the `example`
 * and `examples` of each request body, response, parameter and header (Example Objects, by
 * `value`), and the `example`/`examples` of every schema and property, wherever it is.
 */
export function checkExamples(document: OpenAPIObject): ExampleCheck {
  const ajv = documentAjv(document);
  const result: ExampleCheck = { checked: 0, problems: [] };
  const root = document as unknown as Json;

  const resolve = (node: unknown): unknown => {
    if (!isObject(node) || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
    return node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, segment) => (at as Json)[segment.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  };

  const check = (where: string, schemaPointer: string, value: unknown) => {
    result.checked += 1;
    const validate = ajv.compile({ $ref: documentRef(schemaPointer) });
    if (validate(value)) return;
    for (const error of validate.errors ?? []) {
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
          : '';
      result.problems.push(
        `${where}: ${error.instancePath || '(the example)'} ${error.message ?? 'is invalid'}${extra}`,
      );
    }
  };

  const walkSchema = (schema: unknown, pointer: string) => {
    if (!isObject(schema)) return;
    if (schema.example !== undefined) check(`${pointer}/example`, pointer, schema.example);
    if (Array.isArray(schema.examples)) {
      schema.examples.forEach((value, index) => check(`${pointer}/examples/${index}`, pointer, value));
    }
    for (const key of SUBSCHEMA) walkSchema(schema[key], `${pointer}/${key}`);
    for (const key of SUBSCHEMAS) {
      if (Array.isArray(schema[key]))
        (schema[key] as unknown[]).forEach((item, index) => walkSchema(item, `${pointer}/${key}/${index}`));
    }
    for (const key of SCHEMA_MAPS) {
      if (!isObject(schema[key])) continue;
      for (const [name, item] of Object.entries(schema[key] as Json))
        walkSchema(item, `${pointer}/${key}/${escapePointer(name)}`);
    }
  };

  /** A media type, parameter or header: its schema's examples, and its own against that schema. */
  const walkExampleHolder = (holder: unknown, pointer: string) => {
    if (!isObject(holder)) return;
    if (isObject(holder.content)) {
      for (const [type, media] of Object.entries(holder.content))
        walkExampleHolder(media, `${pointer}/content/${escapePointer(type)}`);
    }
    const schemaPointer = `${pointer}/schema`;
    walkSchema(holder.schema, schemaPointer);
    const own: [string, unknown][] = [];
    if (holder.example !== undefined) own.push([`${pointer}/example`, holder.example]);
    if (isObject(holder.examples)) {
      for (const [name, example] of Object.entries(holder.examples)) {
        const where = `${pointer}/examples/${escapePointer(name)}`;
        const resolved = resolve(example);
        if (!isObject(resolved) || !('value' in resolved)) {
          result.problems.push(`${where}: an example without a value here (externalValue) cannot be checked`);
          continue;
        }
        own.push([where, resolved.value]);
      }
    }
    if (own.length > 0 && holder.schema === undefined) {
      result.problems.push(`${pointer}: examples without a schema to check them against`);
      return;
    }
    for (const [where, value] of own) check(where, schemaPointer, value);
  };

  const walkResponse = (response: unknown, pointer: string) => {
    if (!isObject(response) || response.$ref !== undefined) return;
    walkExampleHolder(response, pointer);
    if (isObject(response.headers)) {
      for (const [name, header] of Object.entries(response.headers))
        walkExampleHolder(header, `${pointer}/headers/${escapePointer(name)}`);
    }
  };

  const walkParameters = (parameters: unknown, pointer: string) => {
    if (!Array.isArray(parameters)) return;
    parameters.forEach((parameter, index) => {
      if (isObject(parameter) && parameter.$ref === undefined)
        walkExampleHolder(parameter, `${pointer}/parameters/${index}`);
    });
  };

  for (const [path, item] of Object.entries((root.paths ?? {}) as Record<string, Json>)) {
    const at = `#/paths/${escapePointer(path)}`;
    walkParameters(item.parameters, at);
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      walkParameters(operation.parameters, `${at}/${method}`);
      if (isObject(operation.requestBody) && operation.requestBody.$ref === undefined)
        walkExampleHolder(operation.requestBody, `${at}/${method}/requestBody`);
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Json))
        walkResponse(response, `${at}/${method}/responses/${escapePointer(status)}`);
    }
  }
  const components = (root.components ?? {}) as Record<string, Json | undefined>;
  for (const [name, schema] of Object.entries(components.schemas ?? {}))
    walkSchema(schema, `#/components/schemas/${escapePointer(name)}`);
  for (const kind of ['parameters', 'headers', 'requestBodies']) {
    for (const [name, holder] of Object.entries(components[kind] ?? {}))
      walkExampleHolder(holder, `#/components/${kind}/${escapePointer(name)}`);
  }
  for (const [name, response] of Object.entries(components.responses ?? {}))
    walkResponse(response, `#/components/responses/${escapePointer(name)}`);
  return result;
}
