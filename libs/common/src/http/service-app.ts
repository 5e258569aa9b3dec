import { lstatSync, rmSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { Server as NetServer, createServer as createNetServer } from 'node:net';
import { DynamicModule, Logger, Type } from '@nestjs/common';
import type { ValidatorSpec, CleanedEnv } from 'envalid';
import { ConfigError, TrustedProxies, loadConfig } from '../config/load-config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { finishDocument, operationIdFor } from '../openapi/finish-document';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { AccessLog } from '../logging/access-log';
import { stdoutLogStream } from '../logging/log-destination';
import { redactUrl } from '../logging/log-safety';
import { BodyDepthInterceptor } from '../validation/body-depth';
import { StorableTextInterceptor } from '../validation/storable-text';
import { createValidationPipe } from '../validation/validation.pipe';
import { requestIdFor } from './request-id';
import { ChainedInterceptors } from './chained-interceptors';
import { RouteTable } from './route-table';
import { refuseOversizedBodies } from './oversized-body';
import { answerClientError, answerFrameworkError } from './client-errors';
import { HttpTimeoutSettings, createHttpServer, httpTimeoutsFrom, limitBodyTime } from './http-timeouts';
import { registerStreamedBodies } from './streamed-body';
import { SERVICE_NAMES, ServiceName, serviceInfo } from '@diallink/registry';

export { SERVICE_NAMES };
export type { ServiceName };

export interface ServiceDefinition {
  name: ServiceName;
  /** Title of the OpenAPI document, e.g. "DialLink Phone System API". */
  title: string;
  description: string;
}

/** A service as its `apps/<service>/service.json` declares it. */
export function serviceDefinition(name: ServiceName): ServiceDefinition {
  const { title, description } = serviceInfo(name);
  return { name, title, description };
}

export interface HttpSettings extends HttpTimeoutSettings {
  LOG_LEVEL: string;
  BODY_LIMIT_BYTES: number;
  /** The proxy hops (a count) or addresses whose X-Forwarded-For gives the client address. */
  TRUST_PROXY?: TrustedProxies;
  /** Where log lines go instead of stdout (tests that read the logs). */
  LOG_STREAM?: { write(line: string): void };
}

/** Headers that carry credentials: never written to a log line. */
const REDACTED = ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'];

/** `/v1/<service>`: the prefix of every route of a service, health and docs included. */
export function servicePrefix(name: ServiceName): string {
  return `/v1/${name}`;
}

/**
 * Builds a service's Nest application on Fastify with everything every service shares: JSON
 * logs with a request id, JSON-only bodies with a size limit, strict validation, the one error
 * body (405 included), the global prefix and the OpenAPI reference. Tests use the very same
 * function, then `init()`; `runService` adds listening and graceful shutdown.
 */
export async function createServiceApp(
  definition: ServiceDefinition,
  module: Type<unknown> | DynamicModule,
  settings: HttpSettings,
): Promise<NestFastifyApplication> {
  const routes = new RouteTable();
  const timeouts = httpTimeoutsFrom(settings);
  // `settings` may be envalid's strict object, which throws on reading a key it does not hold.
  const givenStream = Object.hasOwn(settings, 'LOG_STREAM') ? settings.LOG_STREAM : undefined;
  // Without one, standard output in batches, written out on exit (log-destination.ts).
  const logStream = givenStream ?? stdoutLogStream();
  const adapter = new FastifyAdapter({
    serverFactory: (handler: RequestListener) => createHttpServer(handler, timeouts),
    logger: {
      level: settings.LOG_LEVEL,
      stream: logStream,
      redact: REDACTED,
      base: { service: definition.name, pid: process.pid },
      // The request line without credential-like query values (log-safety.ts).
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    bodyLimit: settings.BODY_LIMIT_BYTES,
    // One trailing slash is accepted on every fixed route (`POST /auth/tokens/`), never on an
    // `ExactPath` one such as an object key.
    rewriteUrl: (request: { url?: string }) => routes.withoutTrailingSlash(request.url ?? '/'),
    trustProxy: settings.TRUST_PROXY ?? 0,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // One access line per request (access-log.ts).
    logController: new AccessLog(),
    forceCloseConnections: 'idle',
    // Refusals before routing get the one error body too (client-errors.ts).
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    return503OnClosing: true,
  });
  const fastify = adapter.getInstance();
  if (!givenStream) {
    // A closed application's lines are out before `close()` resolves.
    fastify.addHook('onClose', (_instance, done) => {
      stdoutLogStream().flush();
      done();
    });
  }
  routes.attach(fastify);
  refuseOversizedBodies(fastify);
  limitBodyTime(fastify, timeouts.bodyMs);
  // JSON is the only body type of the API: anything else is a 415, but on the routes that take a
  // file as a stream (`@StreamedBodyRoute()`).
  fastify.removeContentTypeParser('text/plain');
  registerStreamedBodies(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // Answers carry a tenant's data, tokens and keys: no shared or browser cache keeps them, unless
  // a route says otherwise (audio downloads revalidate with their ETag).
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = new PinoLoggerService(fastify.log);
  app.useLogger(logger);
  app.setGlobalPrefix(servicePrefix(definition.name).slice(1));
  app.useGlobalFilters(new AllExceptionsFilter(routes, logger));
  // After the guards, before the validation pipe: the body's depth, then storable text (one layer).
  app.useGlobalInterceptors(new ChainedInterceptors(new BodyDepthInterceptor(), new StorableTextInterceptor()));
  app.useGlobalPipes(createValidationPipe());
  setUpDocs(app, definition);
  return app;
}

const documents = new WeakMap<NestFastifyApplication, OpenAPIObject>();

/**
 * A service's OpenAPI document, produced from its code (controllers, DTOs, decorators) and
 * finished by `finishDocument`; built once per application. The same document is served at
 * `/v1/<service>/docs/openapi.json`, linted and checked against every end-to-end response.
 */
export function serviceDocument(app: NestFastifyApplication, definition: ServiceDefinition): OpenAPIObject {
  let document = documents.get(app);
  if (!document) {
    const config = new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion('1')
      .build();
    document = finishDocument(SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdFor }));
    documents.set(app, document);
  }
  return document;
}

function setUpDocs(app: NestFastifyApplication, definition: ServiceDefinition): void {
  SwaggerModule.setup('docs', app, () => serviceDocument(app, definition), {
    useGlobalPrefix: true,
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: definition.title,
  });
}

export interface ListenSettings {
  HOST: string;
  PORT: number;
  /** A Unix socket to listen on besides PORT (`npm start`'s gateway reaches the service there); empty: none. */
  SOCKET_PATH?: string;
}

/**
 * A second listener for the same HTTP server, on a Unix socket: each connection it accepts is
 * handed to the server as a TCP one is (the same timeouts, the same tracking of idle connections
 * for a graceful stop). A socket file left behind by a process that was killed is replaced; any
 * other file at that path is an error. Closing the listener removes the file.
 */
export async function listenOnSocket(server: Server, socketPath: string): Promise<NetServer> {
  const existing = lstatSync(socketPath, { throwIfNoEntry: false });
  if (existing?.isSocket()) rmSync(socketPath);
  else if (existing) throw new Error(`SOCKET_PATH ${socketPath} exists and is not a socket`);
  const listener = createNetServer((socket) => server.emit('connection', socket));
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(socketPath, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  return listener;
}

/**
 * Starts a service and stops it gracefully on SIGTERM/SIGINT: the listener closes first and
 * in-flight requests finish, then modules shut down (database pool last).
 */
export async function runService(app: NestFastifyApplication, settings: ListenSettings): Promise<void> {
  const logger = new Logger('Lifecycle');
  let stopping = false;
  let socketListener: NetServer | undefined;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests`);
    // A request that never ends must not keep the process from stopping.
    setTimeout(() => {
      logger.error('in-flight requests did not finish within 20 s: exiting');
      process.exit(1);
    }, 20_000).unref();
    try {
      const fastify = app.getHttpAdapter().getInstance();
      // A kept-alive connection becomes idle once its last response is out; close it then, or
      // the listener would wait for the client to hang up.
      const sweep = setInterval(() => fastify.server.closeIdleConnections(), 100);
      socketListener?.close();
      await fastify.close();
      clearInterval(sweep);
      await app.close();
      process.exit(0);
    } catch (error) {
      logger.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: settings.PORT, host: settings.HOST });
  logger.log(`listening on http://${settings.HOST}:${settings.PORT}`);
  if (settings.SOCKET_PATH) {
    socketListener = await listenOnSocket(app.getHttpAdapter().getInstance().server, settings.SOCKET_PATH);
    logger.log(`listening on ${settings.SOCKET_PATH}`);
  }
}

/**
 * The whole of a service's `main.ts`: validate the configuration (one clear line and exit 1 when
 * it is bad), build the app, listen, stop gracefully.
 */
export function bootstrapService<S extends Record<string, ValidatorSpec<unknown>>>(
  definition: ServiceDefinition,
  spec: S,
  moduleFor: (config: CleanedEnv<S>) => DynamicModule,
): void {
  const start = async (): Promise<void> => {
    const config = loadConfig(spec) as CleanedEnv<S> & HttpSettings & ListenSettings;
    const app = await createServiceApp(definition, moduleFor(config), config);
    await runService(app, config);
  };
  start().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? `${definition.name}: ${error.message}` : error);
    process.exit(1);
  });
}
