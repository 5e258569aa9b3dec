import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_SCHEMAS, STANDARD_ERRORS } from './error-schema';

/** Marks set by decorators (`@Public()`, `@WithLocation()`, …) and consumed here; never published. */
export const OPENAPI_MARKS = {
  public: 'x-diallink-public',
  location: 'x-diallink-location',
  examples: 'x-diallink-examples',
} as const;

/** One example body, as an OpenAPI Example Object: its summary says where it comes from. */
export interface BodyExample {
  summary: string;
  description?: string;
  value: unknown;
}

/** Named examples of an operation's JSON request body and of its responses' bodies, by status. */
export interface OperationExamples {
  request?: Record<string, BodyExample>;
  responses?: Partial<Record<number, Record<string, BodyExample>>>;
}

/** Where the API is served: the production origin and the local stack's gateway. */
export const API_SERVERS = [
  { url: 'https://api.diallink.com', description: 'Production' },
  { url: 'http://localhost:8080', description: 'A local stack (npm start)' },
];

/** The security every authenticated operation takes: an API key, or a bearer access token. */
export const SECURITY_SCHEMES = {
  'api-key': {
    type: 'apiKey',
    name: 'X-API-KEY',
    in: 'header',
    description: 'An API key made with POST /v1/account-hub/api-keys; it acts with its user’s permissions.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /v1/account-hub/auth/tokens (1 minute; refresh it there).',
  },
} as const;

const AUTHENTICATED = [{ 'api-key': [] }, { bearer: [] }];

/** Response headers, declared once and referred to by the responses that carry them. */
export const RESPONSE_HEADERS: Record<string, { description: string; schema: Record<string, unknown> }> = {
  Location: { description: 'The URL path of the object just made.', schema: { type: 'string' } },
  'RateLimit-Limit': { description: 'Requests allowed in the current window.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window starts over.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  Allow: { description: 'The methods this path takes, e.g. `GET, HEAD`.', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'The authentication scheme to use: `Bearer`.', schema: { type: 'string' } },
  ETag: { description: 'The version of the content, for If-None-Match.', schema: { type: 'string' } },
  'Content-Range': { description: 'The byte range sent, `bytes start-end/size`.', schema: { type: 'string' } },
};

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
const HEADERS_OF_ERROR: Record<string, string[]> = {
  '401': ['WWW-Authenticate'],
  '405': ['Allow'],
  '429': ['Retry-After', ...RATE_LIMIT_HEADERS],
  '503': ['Retry-After'],
};

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `ApiKeysController` + `create` → `apiKeys.create`: the readable operation ids a generator names methods by. */
export function operationIdFor(controllerKey: string, methodKey: string): string {
  const base = controllerKey.replace(/Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}.${methodKey}`;
}

/**
 * OpenAPI 3.0's `nullable: true` in 3.1's terms, and every object schema closed: a field the
 * document does not name is an error, in a request (the validation pipe refuses it) and in an
 * answer (the end-to-end tests' response check fails on it).
 */
function finishSchema(schema: Json, where: string): Json {
  for (const key of ['items', 'not', 'contains']) {
    if (isObject(schema[key])) schema[key] = finishSchema(schema[key] as Json, `${where}/${key}`);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf', 'prefixItems']) {
    if (Array.isArray(schema[key]))
      schema[key] = (schema[key] as Json[]).map((item, index) => finishSchema(item, `${where}/${key}/${index}`));
  }
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties as Record<string, Json>)) {
      (schema.properties as Json)[name] = finishSchema(property, `${where}/properties/${name}`);
    }
  }
  if (isObject(schema.additionalProperties))
    schema.additionalProperties = finishSchema(schema.additionalProperties, `${where}/additionalProperties`);
  const combined = ['allOf', 'oneOf', 'anyOf', '$ref'].some((key) => schema[key] !== undefined);
  if (combined && schema.type === 'object') delete schema.type;
  if (
    !combined &&
    (schema.type === 'object' || isObject(schema.properties)) &&
    schema.additionalProperties === undefined
  ) {
    schema.additionalProperties = false;
  }
  if (
    !combined &&
    schema.type === 'object' &&
    schema.properties === undefined &&
    schema.additionalProperties === false
  ) {
    // `Object` with nothing declared: a DTO field whose type the decorator did not name.
    throw new Error(`OpenAPI: ${where} is an object without properties: name the field's type in @ApiProperty.`);
  }
  if (schema.nullable !== undefined) return withNull(schema, where);
  return schema;
}

function withNull(schema: Json, where: string): Json {
  const { nullable, ...rest } = schema;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string' && !rest.allOf && !rest.oneOf && !rest.anyOf && !rest.$ref) {
    const result: Json = { ...rest, type: [rest.type, 'null'] };
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) result.enum = [...rest.enum, null];
    return result;
  }
  if (Array.isArray(rest.oneOf) && !rest.discriminator) {
    return { ...rest, oneOf: [...rest.oneOf, { type: 'null' }] };
  }
  const { description, example, default: byDefault, ...value } = rest;
  delete value.type;
  if (Object.keys(value).length === 0) {
    throw new Error(`OpenAPI: ${where} is nullable without a type: name the field's type in @ApiProperty.`);
  }
  const inner =
    Array.isArray(value.allOf) && value.allOf.length === 1 && Object.keys(value).length === 1 ? value.allOf[0] : value;
  const result: Json = { anyOf: [inner, { type: 'null' }] };
  if (description !== undefined) result.description = description;
  if (example !== undefined) result.example = example;
  if (byDefault !== undefined) result.default = byDefault;
  return result;
}

function errorResponse(status: string, description?: string): Json {
  const standard = STANDARD_ERRORS[status];
  const response: Json = {
    description: description ?? standard?.description ?? 'An error.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  const headers = HEADERS_OF_ERROR[status];
  if (headers) response.headers = Object.fromEntries(headers.map((name) => [name, headerRef(name)]));
  return response;
}

function singular(words: string): string {
  return words.replace(/ies$/, 'y').replace(/s$/, '');
}

/** A summary where the code gives none: `contacts.get` → "Get a contact". */
function defaultSummary(operationId: string, tag: string | undefined): string {
  const [, method = ''] = operationId.split('.');
  const thing = (tag ?? operationId.split('.')[0]).replace(/-/g, ' ');
  const one = singular(thing);
  const article = /^[aeiou]/i.test(one) ? 'an' : 'a';
  switch (method) {
    case 'list':
      return `List ${thing}`;
    case 'get':
      return `Get ${article} ${one}`;
    case 'create':
      return `Create ${article} ${one}`;
    case 'replace':
      return `Replace ${article} ${one}`;
    case 'patch':
    case 'update':
      return `Update ${article} ${one}`;
    case 'remove':
      return `Delete ${article} ${one}`;
    default:
      return `${method.charAt(0).toUpperCase()}${method.slice(1)} (${thing})`;
  }
}

function finishOperation(path: string, operation: Operation): void {
  const isPublic = operation[OPENAPI_MARKS.public] === true;
  const hasLocation = operation[OPENAPI_MARKS.location] === true;
  const examples = operation[OPENAPI_MARKS.examples] as OperationExamples | undefined;
  delete operation[OPENAPI_MARKS.public];
  delete operation[OPENAPI_MARKS.location];
  delete operation[OPENAPI_MARKS.examples];

  operation.summary ??= defaultSummary(operation.operationId ?? '', operation.tags?.[0]);
  operation.security = isPublic ? [] : AUTHENTICATED;
  for (const parameter of operation.parameters ?? []) {
    const schema = parameter.schema as Json | undefined;
    if (parameter.in === 'path' && parameter.name === 'id' && schema && schema.format === undefined) {
      schema.format = 'uuid';
    }
    if (schema) parameter.schema = finishSchema(schema, `${path} parameter ${String(parameter.name)}`);
  }

  const responses = operation.responses;
  // Every operation can be refused before routing (a path or headers too long) and can find its
  // database unavailable or overloaded.
  const wanted = new Set<string>(['405', '414', '431', '503', 'default']);
  const takesInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
  if (takesInput) wanted.add('400');
  if (path.includes('{')) wanted.add('404');
  if (operation.requestBody !== undefined) {
    wanted.add('408');
    wanted.add('413');
    wanted.add('415');
  }
  if (!isPublic) ['401', '403', '429'].forEach((status) => wanted.add(status));
  for (const status of wanted) responses[status] ??= {};

  const rateLimited = responses['429'] !== undefined;
  for (const [status, response] of Object.entries(responses)) {
    if (status === 'default' || Number(status) >= 400) {
      const description =
        typeof response.description === 'string' && response.description ? response.description : undefined;
      const error = errorResponse(status, description);
      // A rate-limited operation counts the request before it can fail: every answer has the window.
      const headers: Json = { ...(error.headers as Json), ...(isObject(response.headers) ? response.headers : {}) };
      if (rateLimited) for (const name of RATE_LIMIT_HEADERS) headers[name] ??= headerRef(name);
      responses[status] = { ...error, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
      continue;
    }
    const headers: Json = { ...(isObject(response.headers) ? response.headers : {}) };
    if (rateLimited) for (const name of RATE_LIMIT_HEADERS) headers[name] ??= headerRef(name);
    if (status === '201' && hasLocation) headers.Location ??= headerRef('Location');
    if (Object.keys(headers).length > 0) response.headers = headers;
    response.description ||= Number(status) < 300 ? 'Success.' : 'See the status.';
    for (const media of Object.values((response.content ?? {}) as Record<string, Json>)) {
      if (isObject(media.schema)) media.schema = finishSchema(media.schema, `${path} ${status}`);
    }
  }
  for (const media of Object.values(((operation.requestBody?.content ?? {}) as Record<string, Json>) ?? {})) {
    if (isObject(media.schema)) media.schema = finishSchema(media.schema, `${path} request body`);
  }
  if (examples) attachExamples(path, operation, examples);
}

/** `@ApiExamples` in place: on the JSON media of the request body and of each response named. */
function attachExamples(path: string, operation: Operation, examples: OperationExamples): void {
  const jsonOf = (body: Json | undefined, what: string): Json => {
    const media = (body?.content as Record<string, Json> | undefined)?.['application/json'];
    if (!media)
      throw new Error(
        `OpenAPI: ${path} (${String(operation.operationId)}) has examples for ${what}, which has no JSON body.`,
      );
    return media;
  };
  if (examples.request) jsonOf(operation.requestBody, 'its request').examples = structuredClone(examples.request);
  for (const [status, named] of Object.entries(examples.responses ?? {})) {
    jsonOf(operation.responses[status], `its ${status} response`).examples = structuredClone(named);
  }
}

function tagDescription(tag: string): string {
  return `Operations on ${tag.replace(/-/g, ' ')}.`;
}

/**
 * Everything the documents get the same way, applied once over what @nestjs/swagger produced:
 * OpenAPI 3.1 types and nullability, closed schemas, the one error schema on every 4xx/5xx and
 * `default` (400, 404, 405, 408, 413, 414, 415, 431, 503 added where an operation can answer them; 401, 403, 429 on
 * every authenticated one), security (`[]` on public routes), servers, declared tags, response
 * headers (Location, RateLimit-*, Retry-After, Allow, WWW-Authenticate), `format: uuid` on ids.
 */
export function finishDocument(document: OpenAPIObject, tagDescriptions: Record<string, string> = {}): OpenAPIObject {
  const result = structuredClone(document) as unknown as Json & {
    paths: Record<string, Record<string, Operation>>;
    components: Json & { schemas?: Record<string, Json> };
  };
  result.openapi = '3.1.0';
  result.servers = API_SERVERS;
  result.info = { ...(result.info as Json), license: { name: 'Proprietary', identifier: 'LicenseRef-DialLink' } };
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(result.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      finishOperation(path, operation);
      operation.tags?.forEach((tag) => tags.add(tag));
    }
  }
  result.tags = [...tags].sort().map((name) => ({ name, description: tagDescriptions[name] ?? tagDescription(name) }));
  const schemas = result.components.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas))
    schemas[name] = finishSchema(schema, `#/components/schemas/${name}`);
  result.components = {
    ...result.components,
    schemas: { ...schemas, ...structuredClone(ERROR_SCHEMAS) },
    headers: RESPONSE_HEADERS,
    securitySchemes: SECURITY_SCHEMES,
  };
  return result as unknown as OpenAPIObject;
}
