import FindMyWay, { HTTPMethod } from 'find-my-way';
import type { FastifyInstance } from 'fastify';

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
      for (const method of methods) {
        if (METHODS.includes(method as HTTPMethod) && !this.router.hasRoute(method as HTTPMethod, route.url)) {
          this.router.on(method as HTTPMethod, route.url, () => undefined);
        }
      }
    });
  }

  allowedMethods(path: string): string[] {
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}
