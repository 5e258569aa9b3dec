import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { FastifyInstance, FastifyRequest, errorCodes } from 'fastify';
import { PassThrough, Readable, finished } from 'node:stream';
import { BadRequestError, UnsupportedMediaTypeError } from '@diallink/common';

/** The media types a recording may be uploaded as. */
export const AUDIO_CONTENT_TYPES = [
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/wav',
  'audio/wave',
  'audio/x-wav',
  'audio/ogg',
  'audio/webm',
  'audio/flac',
  'application/octet-stream',
] as const;

/** Route config flag of the routes whose body is the raw audio stream. */
const AUDIO_UPLOAD = 'diallinkAudioUpload';
/** What a client may still send after we stopped reading (to let it read our answer); then the connection closes. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const AUDIO_ONLY = `Unsupported content type: send the audio as the body with Content-Type ${AUDIO_CONTENT_TYPES.join(', ')}.`;

/** `audio/ogg; codecs=opus` → `audio/ogg`; undefined when absent. */
function mediaType(header: string | undefined): string | undefined {
  const essence = header?.split(';')[0].trim().toLowerCase();
  return essence || undefined;
}

/**
 * The unread body of each audio upload, kept beside the request rather than as `request.body`:
 * whatever inspects bodies as JSON (the depth check of `@diallink/common`, validation) sees none,
 * instead of walking a socket's object graph.
 */
const uploadBodies = new WeakMap<FastifyRequest, Readable>();

function isAudioUpload(request: FastifyRequest): boolean {
  return (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[AUDIO_UPLOAD] === true;
}

/**
 * Lets the routes marked `@AudioUploadRoute()` take their body as a stream, unread and unbuffered,
 * and nothing else changes: on every other route these media types stay a 415 (their bodies
 * are JSON), and a marked route answers 415 to anything but audio (JSON included). Fastify's
 * parsers belong to the whole instance (Nest puts every route in the root context), hence the
 * check of the route in the parser. Idempotent.
 */
export function registerAudioUploads(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(AUDIO_CONTENT_TYPES[0])) return;
  for (const type of AUDIO_CONTENT_TYPES) {
    fastify.addContentTypeParser(type, (request, payload, done) => {
      if (isAudioUpload(request)) {
        uploadBodies.set(request, payload);
        done(null, undefined);
      } else {
        // Exactly what Fastify answers for a media type without a parser: the JSON-only 415.
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      }
    });
  }
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const type = mediaType(request.headers['content-type']);
    if (isAudioUpload(request) && !(AUDIO_CONTENT_TYPES as readonly string[]).includes(type ?? '')) {
      done(new UnsupportedMediaTypeError(AUDIO_ONLY));
      return;
    }
    done(null, payload);
  });
}

/** Marks a route's body as raw audio (see `registerAudioUploads`) and documents it. */
export function AudioUploadRoute(): MethodDecorator {
  return applyDecorators(
    RouteConfig({ [AUDIO_UPLOAD]: true }),
    ApiConsumes(...AUDIO_CONTENT_TYPES),
    ApiBody({ description: 'The audio, as it is (streamed, not JSON).', schema: { type: 'string', format: 'binary' } }),
    ApiUnsupportedMediaTypeResponse({ description: `The body is not one of ${AUDIO_CONTENT_TYPES.join(', ')}.` }),
  );
}

/** The raw body of an audio upload route. */
export interface AudioUpload {
  /** The media type without parameters, e.g. `audio/ogg`. */
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

/** Detaches a consumer's stream from the request: see `AudioUpload.open`. */
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

/** `@AudioBody() upload: AudioUpload` on a route marked `@AudioUploadRoute()`. */
export const AudioBody = createParamDecorator((_data: unknown, context: ExecutionContext): AudioUpload => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const body = uploadBodies.get(request);
  if (!body) throw new UnsupportedMediaTypeError(AUDIO_ONLY);
  const length = request.headers['content-length'];
  return {
    contentType: mediaType(request.headers['content-type']) ?? 'application/octet-stream',
    declaredBytes: length === undefined ? null : Number(length),
    open: () => detachedBody(body),
  };
});
