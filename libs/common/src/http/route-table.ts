import FindMyWay, { HTTPMethod } from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';

/** The route config key of a route whose path is taken exactly as sent (see `ExactPath`). */
const EXACT_PATH = 'diallinkExactPath';

/**
 * A route that takes its path exactly as sent: no trailing slash is dropped from it, as an
 * Object Bucket Storage key may end in `/` (`a/` and `a` are two keys). Every other route
 * answers the same with or without one slash at the end (`POST /auth/tokens/`).
 */
export const ExactPath = (): MethodDecorator => RouteConfig({ [EXACT_PATH]: true });

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Every route the service registers, kept in a router of its own so that a request Fastify could
 * not route can still be asked "which methods does this path take?" — the `Allow` of a 405.
 */
export class RouteTable {
  private readonly router = FindMyWay();

  /** Records each route as Fastify registers it; call before the application registers routes. */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const exact = (route.config as Record<string, unknown> | undefined)?.[EXACT_PATH] === true;
      for (const method of methods) {
        if (METHODS.includes(method as HTTPMethod) && !this.router.hasRoute(method as HTTPMethod, route.url)) {
          this.router.on(method as HTTPMethod, route.url, () => undefined, { exact });
        }
      }
    });
  }

  /**
   * `url` without the one trailing slash of its path when a route takes that path and is not an
   * `ExactPath` route (Fastify's `rewriteUrl`); otherwise `url` as it is.
   */
  withoutTrailingSlash(url: string): string {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path.length < 2 || !path.endsWith('/') || path.endsWith('//')) return url;
    const shorter = path.slice(0, -1);
    for (const method of METHODS) {
      const found = this.router.find(method, shorter);
      if (found) return (found.store as { exact?: boolean } | null)?.exact ? url : shorter + url.slice(path.length);
    }
    return url;
  }

  allowedMethods(path: string): string[] {
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}
