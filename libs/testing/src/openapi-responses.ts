import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

/** The part of a received response the check reads (supertest's `Response` has all of it). */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

/** Headers of the API's own: when a response carries one, its operation's response documents it. */
const API_HEADERS = [
  'location',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
  'allow',
  'etag',
  'content-range',
  'www-authenticate',
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const DOCUMENT_ID = 'https://openapi.diallink.invalid/document.json';

/**
 * Ajv for OpenAPI 3.1's dialect (JSON Schema 2020-12) holding `document`, so that
 * `{ $ref: documentRef('#/components/schemas/Error') }` compiles any schema in it; formats are
 * checked (`uuid`, `email`, `date-time`, …) but OpenAPI's own numeric and `binary` ones.
 */
export function documentAjv(document: OpenAPIObject): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const format of ['binary', 'int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema({ ...structuredClone(document), $id: DOCUMENT_ID } as unknown as Json);
  return ajv;
}

/** A reference, for `documentAjv`'s Ajv, to the schema at `pointer` (`#/…`) in the document. */
export function documentRef(pointer: string): string {
  return `${DOCUMENT_ID}${pointer}`;
}

interface PathTemplate {
  template: string;
  pattern: RegExp;
  params: number;
  item: Record<string, Json>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Checks a response against a service's OpenAPI document: its status is one the operation
 * documents (a 5xx may fall to `default`), its Content-Type is a documented one, a JSON body
 * validates against the documented schema (closed: a field the document does not name fails)
 * and the API's own headers it carries are documented. A path the document does not have may
 * only answer the 404 error body; a documented path with another method only the 405 one.
 */
export class OpenApiResponseCheck {
  private readonly ajv: Ajv2020;
  private readonly paths: PathTemplate[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    this.ajv = documentAjv(document);
    this.paths = Object.entries(document.paths)
      .map(([template, item]) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
        params: (template.match(/\{/g) ?? []).length,
        item: item as unknown as Record<string, Json>,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** What is wrong with `response` to `method url`, one line each; empty when it is as documented. */
  problems(method: string, url: string, response: ReceivedResponse): string[] {
    const verb = method.toLowerCase();
    if (!METHODS.includes(verb)) return [];
    // The path as sent, as the service's router saw it: WHATWG URL parsing would resolve `..` and
    // `%2e%2e` segments that the server takes as they are (an id of `%2e%2e` is a 400, not a route).
    const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/s, '') || '/';
    // A fixed route takes one trailing slash too (RouteTable.withoutTrailingSlash). Like the
    // router, the most specific path that takes the method wins (`PATCH /users/me` is
    // `/users/{id}` when `/users/me` is GET only), else the most specific path.
    const matching = [
      ...this.paths.filter((candidate) => candidate.pattern.test(path)),
      ...this.paths.filter((candidate) => path.endsWith('/') && candidate.pattern.test(path.slice(0, -1))),
    ];
    const route = matching.find((candidate) => candidate.item[verb] !== undefined) ?? matching[0];
    const where = `${method.toUpperCase()} ${path} → ${response.status}`;
    if (!route) {
      if (/\/docs(\/|$)/.test(path)) return [];
      return response.status === 404
        ? this.bodyProblems(where, '#/components/schemas/Error', response)
        : [`${where}: the path is not in the document`];
    }
    const operation = route.item[verb] as (Json & { responses: Record<string, Json> }) | undefined;
    if (!operation) {
      return response.status === 405 || response.status === 404
        ? this.bodyProblems(where, '#/components/schemas/Error', response)
        : [`${where}: ${method.toUpperCase()} is not documented on ${route.template}`];
    }
    const status = String(response.status);
    const key =
      operation.responses[status] !== undefined
        ? status
        : response.status >= 500 && operation.responses.default !== undefined
          ? 'default'
          : undefined;
    const label = `${where} (${String(operation.operationId)})`;
    if (key === undefined) return [`${label}: status ${status} is not documented`];
    const documented = this.resolve(operation.responses[key]);
    const problems: string[] = [];
    const headers = Object.keys((documented.headers ?? {}) as Json).map((name) => name.toLowerCase());
    for (const name of API_HEADERS) {
      if (response.headers[name] !== undefined && !headers.includes(name)) {
        problems.push(`${label}: header ${name} is sent but not documented`);
      }
    }
    const content = documented.content as Record<string, Json> | undefined;
    const type = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (!content) {
      const empty = response.text === undefined || response.text === '';
      if (!empty || type) problems.push(`${label}: a body (${type || 'no type'}) where none is documented`);
      return problems;
    }
    if (!content[type]) {
      problems.push(`${label}: Content-Type ${type || '(none)'} is not one of ${Object.keys(content).join(', ')}`);
      return problems;
    }
    if (type === 'application/json') {
      const pointer = `#/paths/${escapePointer(route.template)}/${verb}/responses/${escapePointer(key)}/content/${escapePointer(type)}/schema`;
      const schemaAt = content[type].schema === undefined ? undefined : pointer;
      if (schemaAt) problems.push(...this.bodyProblems(label, schemaAt, response));
    }
    return problems;
  }

  /** Throws with every problem of `response` (see `problems`). */
  assert(method: string, url: string, response: ReceivedResponse): void {
    const problems = this.problems(method, url, response);
    if (problems.length > 0) {
      throw new Error(
        `The response does not match the OpenAPI document:\n  ${problems.join('\n  ')}\nBody: ${JSON.stringify(response.body)?.slice(0, 2000)}`,
      );
    }
  }

  private resolve(response: Json): Json {
    const ref = response.$ref;
    if (typeof ref !== 'string') return response;
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (node, segment) => (node as Json)[segment.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      );
    return { ...(target as Json), ...response };
  }

  private bodyProblems(label: string, pointer: string, response: ReceivedResponse): string[] {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: documentRef(pointer) });
      this.validators.set(pointer, validate);
    }
    // A test that reads the body as bytes (`.parse(binary)`) still gets a JSON error body checked.
    const body = Buffer.isBuffer(response.body)
      ? (JSON.parse(response.body.toString('utf8')) as unknown)
      : response.body;
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${label}: body${error.instancePath} ${error.message ?? 'is invalid'}${
          error.keyword === 'additionalProperties'
            ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
            : ''
        }`,
    );
  }
}

type Agent = ReturnType<typeof import('supertest')>;
type AgentMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/**
 * `agent` (supertest's `request(server)`) with every response it receives checked against
 * `check` before the test's own expectations: an answer the document does not describe fails
 * the request, so code and document cannot drift.
 */
export function withResponseCheck(agent: Agent, check: () => OpenApiResponseCheck): Agent {
  for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as AgentMethod[]) {
    const original = agent[method].bind(agent);
    agent[method] = ((url: string) => {
      const test = original(url);
      return test.expect((response) => check().assert(method, url, response));
    }) as Agent[AgentMethod];
  }
  agent.del = agent.delete;
  return agent;
}
