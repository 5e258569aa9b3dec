/**
 * The production stack's one API reference: `/v1/docs` (Swagger UI) and `/v1/docs/openapi.json`,
 * the services' documents merged by the very code the local stack's gateway runs
 * (tools/stack/api-reference.ts), each fetched from the service's internal URL. In
 * docker-compose it is the `api-reference` service and nginx routes `/v1/docs` to it.
 *
 * Settings: `PORT` (default 3100), `HOST` (default 0.0.0.0) and one `<SERVICE>_URL` per
 * registered service (`PHONE_SYSTEM_URL=http://phone-system:3002`).
 */
import Fastify, { FastifyInstance } from 'fastify';
import { host, port, url } from 'envalid';
import { ConfigError, SERVICE_NAMES, ServiceName, errorCodeFor, loadConfig, requestIdFor } from '@diallink/common';
import { ApiReferenceOptions, registerApiReference } from '../stack/api-reference';
import { API_REFERENCE_PORT, upstreamVariable } from './deploy-files';

/** The process's settings, validated as every service's are: one line naming every problem. */
export function apiReferenceConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      PORT: port({ default: API_REFERENCE_PORT }),
      HOST: host({ default: '0.0.0.0' }),
      ...Object.fromEntries(SERVICE_NAMES.map((service) => [upstreamVariable(service), url()])),
    },
    env,
  ) as unknown as Record<string, string> & { PORT: number; HOST: string };
  const upstreams = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, config[upstreamVariable(service)].replace(/\/+$/, '')]),
  ) as Record<ServiceName, string>;
  return { port: config.PORT, host: config.HOST, upstreams };
}

/** The reference's Fastify instance: the merged document and its page; anything else the API's 404 body. */
export function createApiReferenceServer(
  upstreams: Record<ServiceName, string>,
  options: ApiReferenceOptions = {},
): FastifyInstance {
  const server = Fastify({ genReqId: requestIdFor, requestIdHeader: false });
  server.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerApiReference(server, upstreams, options);
  server.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ status: 404, error: errorCodeFor(404), message: 'No such route.', details: [], requestId: request.id }),
  );
  return server;
}

async function main(): Promise<void> {
  const settings = apiReferenceConfig();
  const server = createApiReferenceServer(settings.upstreams);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await server.listen({ port: settings.port, host: settings.host });
  console.log(`api-reference: listening on http://${settings.host}:${settings.port}/v1/docs`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? `api-reference: ${error.message}` : error);
    process.exit(1);
  });
}
