import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import {
  ConflictError,
  Download,
  DownloadConditions,
  NotFoundError,
  StreamedUpload,
  answerDownload,
  etagOf,
  isForeignKeyViolation,
  isUniqueViolation,
  servicePrefix,
} from '@diallink/common';
import { PhoneSystemDatabase, Prisma } from '../database';
import { Page, ParsedListQuery, paginate } from '@diallink/query';
import {
  BLOB_STORE,
  BlobNotFoundError,
  BlobStore,
  ByteRange,
  UploadLimits,
  checkDeclaredSize,
  putUpload,
} from '@diallink/storage';
import { PHONE_SYSTEM_OPTIONS, PhoneSystemOptions } from '../phone-system-options';
import { RecordingUploadQuery } from './dto/recording.request';
import { RecordingResponse } from './dto/recording.response';
import { DEFAULT_RECORDING_ORDER } from './recording.query';

type Recording = Prisma.RecordingGetPayload<object>;

const RECORDINGS_PATH = `${servicePrefix('phone-system')}/recordings`;
/** The file name extension of a download, by media type. */
const FILE_EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/flac': 'flac',
};

export function toRecordingResponse(recording: Recording): RecordingResponse {
  return {
    id: recording.id,
    callId: recording.callId,
    contentType: recording.contentType,
    sizeBytes: Number(recording.sizeBytes),
    sha256: recording.sha256,
    durationSeconds: recording.durationSeconds,
    createdAt: recording.createdAt,
    downloadPath: `${RECORDINGS_PATH}/${recording.id}/audio`,
  };
}

/**
 * Recordings: a row per recording, the audio in the blob store under
 * `recordings/<tenantId>/<recordingId>`. A row exists only for complete audio (the blob is
 * written first, then the row; a failed insert removes the blob), and deleting removes the row,
 * then the audio.
 */
@Injectable()
export class RecordingsService {
  private readonly logger = new Logger(RecordingsService.name);

  constructor(
    private readonly db: PhoneSystemDatabase,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(PHONE_SYSTEM_OPTIONS) private readonly options: PhoneSystemOptions,
  ) {}

  list(principal: Principal, query: ParsedListQuery): Promise<Page<RecordingResponse>> {
    const recordings = this.db.forTenant(principal.tenantId).recording;
    const orderBy = query.sortingCriteria === null ? DEFAULT_RECORDING_ORDER : query.orderBy;
    return paginate(query, {
      findMany: (args) => recordings.findMany({ ...args, orderBy }).then((rows) => rows.map(toRecordingResponse)),
      count: (args) => recordings.count(args),
    });
  }

  async get(principal: Principal, id: string): Promise<RecordingResponse> {
    return toRecordingResponse(await this.find(principal.tenantId, id));
  }

  async upload(principal: Principal, query: RecordingUploadQuery, upload: StreamedUpload): Promise<RecordingResponse> {
    const maxBytes = this.options.recordingMaxBytes;
    const limits: UploadLimits = {
      maxBytes,
      tooLargeMessage: `The recording is larger than the limit of ${maxBytes} bytes.`,
      emptyMessage: 'The body is empty: send the audio as the request body.',
    };
    // A body that is too large or empty is refused before the call is looked up.
    checkDeclaredSize(upload, limits);
    const callId = query.callId.toLowerCase();
    const db = this.db.forTenant(principal.tenantId);
    const call = await db.call.findFirst({ where: { id: callId }, select: { recording: { select: { id: true } } } });
    if (!call) throw new NotFoundError('Call', callId);
    if (call.recording) throw alreadyRecorded(callId);

    const id = randomUUID();
    const storageKey = `recordings/${principal.tenantId}/${id}`;
    const stored = await putUpload(this.blobs, storageKey, upload, limits);
    try {
      const recording = await db.recording.create({
        data: {
          id,
          tenantId: principal.tenantId,
          callId,
          contentType: upload.contentType,
          sizeBytes: BigInt(stored.sizeBytes),
          sha256: stored.sha256,
          storageKey,
          durationSeconds: query.durationSeconds ?? null,
        },
      });
      return toRecordingResponse(recording);
    } catch (error) {
      // No audio without its row: another upload for the call won the race, or the call went.
      await this.removeAudio(storageKey);
      if (isUniqueViolation(error, ['call_id'])) throw alreadyRecorded(callId);
      if (isForeignKeyViolation(error)) throw new NotFoundError('Call', callId);
      throw error;
    }
  }

  /**
   * The audio as HTTP wants it (`answerDownload`): ETag `"<sha256>"`, 304 for `If-None-Match`,
   * 206/416 for `Range`, `If-Range`; no Last-Modified (the audio of a recording never changes).
   * A HEAD gets the same status and headers, and no bytes read.
   */
  async audio(principal: Principal, id: string, conditions: DownloadConditions, head: boolean): Promise<Download> {
    const recording = await this.find(principal.tenantId, id);
    const answer = answerDownload(conditions, {
      sizeBytes: Number(recording.sizeBytes),
      etag: etagOf(recording.sha256),
      noun: 'recording',
      headers: { 'Cache-Control': 'private, no-cache' },
      contentHeaders: {
        'Content-Type': recording.contentType,
        'Content-Disposition': `attachment; filename="recording-${recording.id}.${FILE_EXTENSIONS[recording.contentType] ?? 'bin'}"`,
      },
    });
    if (answer.status === 304) return answer;
    return { ...answer, body: head ? Readable.from([]) : await this.openAudio(recording, answer.range) };
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const recording = await this.find(principal.tenantId, id);
    await this.db.forTenant(principal.tenantId).recording.delete({ where: { id: recording.id } });
    await this.removeAudio(recording.storageKey);
  }

  /**
   * Removes audio whose row is gone (or never came). A failure leaves an orphan file, never a row
   * without audio; it is logged with the key for clean-up rather than failing a finished request.
   */
  async removeAudio(storageKey: string): Promise<void> {
    try {
      await this.blobs.delete(storageKey);
    } catch (error) {
      this.logger.error({
        err: error,
        storageKey,
        msg: 'orphaned audio: could not remove the blob of a recording without a row',
      });
    }
  }

  /** The bytes; a recording deleted since it was read is a 404, audio missing under a row a fault. */
  private async openAudio(recording: Recording, range: ByteRange | undefined): Promise<Readable> {
    try {
      return await this.blobs.open(recording.storageKey, range);
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      const stillThere = await this.db.forTenant(recording.tenantId).recording.count({ where: { id: recording.id } });
      throw stillThere === 0 ? new NotFoundError('Recording', recording.id) : error;
    }
  }

  private async find(tenantId: string, id: string): Promise<Recording> {
    const recording = await this.db.forTenant(tenantId).recording.findFirst({ where: { id } });
    if (!recording) throw new NotFoundError('Recording', id);
    return recording;
  }
}

function alreadyRecorded(callId: string): ConflictError {
  return new ConflictError(`Call '${callId}' already has a recording; delete it first to replace it.`, [
    { field: 'callId', message: 'callId already has a recording' },
  ]);
}
