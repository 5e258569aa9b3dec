import { Controller, Delete, Get, HttpCode, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiResponse,
  ApiResponseOptions,
  ApiTags,
} from '@nestjs/swagger';
type HeaderObject = NonNullable<ApiResponseOptions['headers']>[string];
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  StreamedBody,
  StreamedBodyRoute,
  StreamedUpload,
  UuidParam,
  WithLocation,
  downloadConditions,
  sendDownload,
} from '@diallink/common';
import { Authorize, CurrentPrincipal, Principal } from '@diallink/auth';
import { ApiList, ListQuery, Page, ParsedListQuery } from '@diallink/query';
import { AUDIO_BODY, AUDIO_CONTENT_TYPES } from './audio-types';
import { RecordingUploadQuery } from './dto/recording.request';
import { RecordingResponse } from './dto/recording.response';
import { RECORDING_QUERY } from './recording.query';
import { RecordingsService } from './recordings.service';

/** Response headers declared once in every document (`RESPONSE_HEADERS`). */
const ETAG = { $ref: '#/components/headers/ETag' } as HeaderObject;
const CONTENT_RANGE = { $ref: '#/components/headers/Content-Range' } as HeaderObject;

@ApiTags('recordings')
@Controller('recordings')
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get()
  @Authorize('phone-system:recordings:read')
  @ApiOperation({
    summary:
      'Recordings’ metadata, newest first unless sorted; e.g. `?callId=…`, `?createdAt=btn::2026-01-01,2026-01-31`.',
  })
  @ApiList(RecordingResponse, RECORDING_QUERY)
  list(
    @CurrentPrincipal() principal: Principal,
    @ListQuery(RECORDING_QUERY) query: ParsedListQuery,
  ): Promise<Page<RecordingResponse>> {
    return this.recordings.list(principal, query);
  }

  @Post()
  @WithLocation()
  @StreamedBodyRoute(AUDIO_BODY)
  @Authorize('phone-system:recordings:write')
  @ApiOperation({ summary: 'Imports a call’s recording: the raw audio is the body, streamed to storage.' })
  @ApiCreatedResponse({ type: RecordingResponse })
  @ApiNotFoundResponse({ description: 'No such call.' })
  @ApiConflictResponse({ description: 'The call already has a recording.' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than RECORDING_MAX_BYTES; nothing is kept.' })
  upload(
    @CurrentPrincipal() principal: Principal,
    @Query() query: RecordingUploadQuery,
    @StreamedBody() audio: StreamedUpload,
  ): Promise<RecordingResponse> {
    return this.recordings.upload(principal, query, audio);
  }

  @Get(':id')
  @Authorize('phone-system:recordings:read')
  @ApiOkResponse({ type: RecordingResponse })
  get(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<RecordingResponse> {
    return this.recordings.get(principal, id);
  }

  @Get(':id/audio')
  @Authorize('phone-system:recordings:read')
  @ApiOperation({
    summary: 'The audio, streamed; HEAD for its headers. Range (bytes=a-b, a-, -n) → 206, If-None-Match → 304.',
  })
  @ApiProduces(...AUDIO_CONTENT_TYPES)
  @ApiOkResponse({
    description: 'The whole audio.',
    schema: { type: 'string', format: 'binary' },
    headers: { ETag: ETAG },
  })
  @ApiResponse({
    status: 206,
    description: 'The requested range, with Content-Range.',
    schema: { type: 'string', format: 'binary' },
    headers: { ETag: ETAG, 'Content-Range': CONTENT_RANGE },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match has the current ETag.', headers: { ETag: ETAG } })
  @ApiResponse({
    status: 416,
    description: 'The range starts past the end; Content-Range: bytes */size.',
    headers: { 'Content-Range': CONTENT_RANGE },
  })
  async audio(
    @CurrentPrincipal() principal: Principal,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    return sendDownload(
      reply,
      await this.recordings.audio(principal, id, downloadConditions(request.headers), request.method === 'HEAD'),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @Authorize('phone-system:recordings:write')
  @ApiOperation({ summary: 'Deletes the recording: its metadata and its audio.' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @UuidParam() id: string): Promise<void> {
    await this.recordings.remove(principal, id);
  }
}
