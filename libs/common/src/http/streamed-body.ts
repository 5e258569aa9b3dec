import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { FastifyInstance, FastifyRequest, RouteOptions, errorCodes, preParsingHookHandler } from 'fastify';
import { PassThrough, Readable, finished } from 'node:stream';
import { BadRequestError, UnsupportedMediaTypeError } from '../errors/api-error';

/**
 * Routes whose body is a file, taken as the raw stream of the request — unread, unbuffered, not
 * JSON — for a store to consume as it arrives (a recording's audio, an object of a bucket):
 * `@StreamedBodyRoute({ contentTypes, what })` on the route, `@StreamedBody() body: StreamedUpload`
 * as its parameter. `createServiceApp` installs the mechanism (`registerStreamedBodies`).
 */

export interface StreamedBodyOptions {
  /** The media types the route takes (compared without parameters, case-insensitively), or `'any'`. */
  contentTypes: readonly string[] | 'any';
  /** What the body is, for messages and the reference: `audio` → "send the audio as the body". */
  what: string;
}

/** The body of a `@StreamedBodyRoute()`, handed to the route by `@StreamedBody()`. */
export interface StreamedUpload {
  /** The media type without parameters, lower-case, e.g. `audio/ogg`. */
  contentType: string;
  /** Content-Length, or null for a chunked body. */
  declaredBytes: number | null;
  /**
   * The body as a stream, to be read once. Destroying it (a store refusing it as too large)
   * does not reset the connection: the rest of the body is read and dropped, up to a limit, so
   * that the client gets the answer. A client that goes away makes it fail with a 400.
   */
  open(): Readable;
}

/** Route config key of the streamed-body routes; its value is the route's `StreamedBodyOptions`. */
const STREAMED_BODY = 'diallinkStreamedBody';
/**
 * The media type a streamed-body request is parsed as. Fastify's parsers belong to the whole
 * instance (Nest puts every route in the root context) and `application/json` has one already, so
 * a streamed-body route's request is given this type before parsing (its own is kept aside): one
 * parser hands the stream over, whatever the client sent, and no other route sees a change.
 */
const STREAMED_TYPE = 'application/x-diallink-streamed-body';
/** The type of a body sent without Content-Type to a route that takes any (RFC 9110 §8.3). */
const UNTYPED = 'application/octet-stream';
/** A media type's essence: `type/subtype`, each an RFC 9110 token. */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;
/** What a client may still send after we stopped reading (to let it read our answer); then the connection closes. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** The body of each streamed-body request and its media type, kept beside the request rather than as `request.body`. */
const uploads = new WeakMap<FastifyRequest, { contentType: string; body?: Readable }>();

function optionsOf(config: unknown): StreamedBodyOptions | undefined {
  return (config as Record<string, StreamedBodyOptions | undefined> | undefined)?.[STREAMED_BODY];
}

/** Whether the request's route takes its body as a stream (`@StreamedBodyRoute()`). */
export function isStreamedBodyRoute(request: FastifyRequest): boolean {
  return optionsOf(request.routeOptions.config) !== undefined;
}

/** `audio/ogg; codecs=opus` → `audio/ogg`; undefined when absent. */
function mediaType(header: string | undefined): string | undefined {
  const essence = header?.split(';')[0].trim().toLowerCase();
  return essence || undefined;
}

/** The request's media type when the route takes it, else undefined. */
function acceptedType(header: string | undefined, options: StreamedBodyOptions): string | undefined {
  const type = mediaType(header);
  if (options.contentTypes === 'any') {
    if (type === undefined) return UNTYPED;
    return MEDIA_TYPE.test(type) ? type : undefined;
  }
  return type !== undefined && options.contentTypes.includes(type) ? type : undefined;
}

function unsupported(options: StreamedBodyOptions): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(
    options.contentTypes === 'any'
      ? `Unsupported content type: send the ${options.what} as the body with a media type as Content-Type, e.g. ${UNTYPED}.`
      : `Unsupported content type: send the ${options.what} as the body with Content-Type ${options.contentTypes.join(', ')}.`,
  );
}

/** Route-level preParsing of a streamed-body route: 415 for a type it does not take, else on to the one parser. */
function toStreamedParser(options: StreamedBodyOptions): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    const contentType = acceptedType(request.headers['content-type'], options);
    if (contentType === undefined) {
      done(unsupported(options));
      return;
    }
    uploads.set(request, { contentType });
    request.headers['content-type'] = STREAMED_TYPE;
    done(null, payload);
  };
}

/**
 * Lets the routes marked `@StreamedBodyRoute()` take their body as a stream; every other route
 * keeps its parsers and its answers (a client that sends the private type to another route gets
 * Fastify's own 415). Call before routes are added; `createServiceApp` does. Idempotent.
 */
export function registerStreamedBodies(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(STREAMED_TYPE)) return;
  fastify.addContentTypeParser(STREAMED_TYPE, (request, payload, done) => {
    const upload = uploads.get(request);
    if (!upload) {
      // Exactly what Fastify answers for a media type without a parser.
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      return;
    }
    upload.body = payload;
    request.headers['content-type'] = upload.contentType;
    done(null, undefined);
  });
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const options = optionsOf(route.config);
    if (!options) return;
    const existing = route.preParsing === undefined ? [] : [route.preParsing].flat();
    route.preParsing = [...existing, toStreamedParser(options)];
  });
}

/** Marks a route's body as a raw stream of `options.contentTypes` (see `registerStreamedBodies`) and documents it. */
export function StreamedBodyRoute(options: StreamedBodyOptions): MethodDecorator {
  const any = options.contentTypes === 'any';
  return applyDecorators(
    RouteConfig({ [STREAMED_BODY]: options }),
    ApiConsumes(...(any ? ['*/*'] : options.contentTypes)),
    ApiBody({
      description: `The ${options.what}, as it is (streamed, not JSON).`,
      schema: { type: 'string', format: 'binary' },
    }),
    ApiUnsupportedMediaTypeResponse({
      description: any
        ? 'The Content-Type is not a media type.'
        : `The body is not one of ${(options.contentTypes as readonly string[]).join(', ')}.`,
    }),
  );
}

/** Detaches a consumer's stream from the request: see `StreamedUpload.open`. */
export function detachedBody(raw: Readable): Readable {
  const body = new PassThrough();
  raw.pipe(body);
  finished(raw, (error) => {
    if (error) body.destroy(new BadRequestError('The upload ended before the whole body arrived.'));
  });
  body.once('close', () => {
    if (raw.readableEnded || raw.destroyed) return;
    raw.unpipe(body);
    let dropped = 0;
    raw.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_LIMIT_BYTES) raw.destroy();
    });
    raw.resume();
  });
  return body;
}

/** `@StreamedBody() body: StreamedUpload` on a route marked `@StreamedBodyRoute()`. */
export const StreamedBody = createParamDecorator((_data: unknown, context: ExecutionContext): StreamedUpload => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const options = optionsOf(request.routeOptions.config);
  if (!options) throw new Error('@StreamedBody() is for routes marked @StreamedBodyRoute().');
  const upload = uploads.get(request);
  if (!upload?.body) throw unsupported(options);
  const body = upload.body;
  const length = request.headers['content-length'];
  return {
    contentType: upload.contentType,
    declaredBytes: length === undefined ? null : Number(length),
    open: () => detachedBody(body),
  };
});
