/**
 * The routes of a running service, from the service itself: Nest's router metadata (every
 * controller method with its path, HTTP method and the permission decorators) and the OpenAPI
 * document the service serves. A route the battery must sweep is never written down here.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTERNAL_ROUTE, REQUIRED_PERMISSIONS } from '@diallink/auth';
import { IS_PUBLIC } from '@diallink/common';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** The full path in OpenAPI form: `/v1/phone-system/contacts/{id}`. */
  path: string;
  /** `public`, `internal`, or the permissions it needs (none: any authenticated caller of the tenant). */
  access: { kind: 'public' } | { kind: 'internal' } | { kind: 'authenticated'; permissions: string[] };
  /** The OpenAPI operation, when the document has one. */
  operation?: OpenApiOperation;
}

export interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: SchemaObject }[];
  requestBody?: { content: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, unknown>;
}

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');

/** Every controller route of the application, with the access its decorators give it. */
export function routerRoutes(app: NestFastifyApplication, prefix: string): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || requestMethod === undefined) continue;
        const method = METHODS[requestMethod];
        if (!method) throw new Error(`${controller.name}.${name}: method ${requestMethod} is not swept by the battery`);
        const meta = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        const access: Route['access'] = meta<boolean>(INTERNAL_ROUTE)
          ? { kind: 'internal' }
          : meta<boolean>(IS_PUBLIC)
            ? { kind: 'public' }
            : { kind: 'authenticated', permissions: meta<string[]>(REQUIRED_PERMISSIONS) ?? [] };
        for (const one of Array.isArray(path) ? path : [path]) {
          routes.push({ method, path: joinPath(prefix, base, one), access });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** The routes of the router joined with the operations of the document; a route the document lacks is an error. */
export function withOperations(routes: Route[], document: OpenApiDocument): Route[] {
  const missing: string[] = [];
  const joined = routes.map((route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    if (!operation) missing.push(`${route.method} ${route.path}`);
    return { ...route, operation };
  });
  if (missing.length) throw new Error(`Routes missing from the OpenAPI document: ${missing.join(', ')}`);
  return joined;
}

/** The schema `schema` points at (one level of `$ref`, then recursively by the callers). */
export function resolve(document: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(document, document.components?.schemas?.[name]);
}

/** The JSON body schema of a route, if it takes one. */
export function jsonBodySchema(document: OpenApiDocument, route: Route): SchemaObject | undefined {
  return resolve(document, route.operation?.requestBody?.content['application/json']?.schema);
}

/** `/users/{id}` → the path parameter names. */
export const pathParameters = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

/** The collection an id route belongs to: the path up to its first `{param}`. */
export const collectionOf = (path: string): string => path.slice(0, path.indexOf('/{'));

export const routeName = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;
