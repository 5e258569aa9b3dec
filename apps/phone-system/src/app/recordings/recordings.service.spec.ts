import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Principal } from '@diallink/auth';
import { ConflictError, NotFoundError, PayloadTooLargeError } from '@diallink/common';
import { PhoneSystemDatabase, Prisma } from '../database';
import { LocalDiskBlobStore } from '@diallink/storage';
import { RecordingsService } from './recordings.service';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CALL = '22222222-2222-4222-8222-222222222222';
const principal = { tenantId: TENANT, userId: '33333333-3333-4333-8333-333333333333' } as Principal;

/** A Prisma error as the PostgreSQL driver adapter raises it (the violated constraint's columns in `meta`). */
function known(code: string, columns: string[] = []): Prisma.PrismaClientKnownRequestError {
  const meta = { modelName: 'Recording', driverAdapterError: { cause: { constraint: { fields: columns } } } };
  return new Prisma.PrismaClientKnownRequestError(`failed with ${code}`, { code, clientVersion: 'test', meta });
}

/** The service on a real blob store and a database whose recording insert fails with `insertError`. */
function serviceWith(root: string, insertError: Error): RecordingsService {
  const prisma = {
    forTenant: () => ({
      call: { findFirst: async () => ({ recording: null }) },
      recording: {
        create: async () => {
          throw insertError;
        },
      },
    }),
  } as unknown as PhoneSystemDatabase;
  return new RecordingsService(prisma, new LocalDiskBlobStore(root), { dataDir: root, recordingMaxBytes: 10_000 });
}

const audio = (bytes: number) => ({
  contentType: 'audio/mpeg',
  declaredBytes: null,
  open: () => Readable.from([Buffer.alloc(bytes, 1)]),
});

describe('RecordingsService.upload: no audio without its row', () => {
  let root: string;
  const files = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'diallink-recordings-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['another upload won the race (unique callId)', known('P2002', ['call_id']), ConflictError],
    ['the call was deleted meanwhile (foreign key)', known('P2003'), NotFoundError],
    ['the database failed', new Error('connection lost'), Error],
  ])('removes the stored audio when the insert fails: %s', async (_case, insertError, expected) => {
    const service = serviceWith(root, insertError);
    await expect(service.upload(principal, { callId: CALL }, audio(5_000))).rejects.toBeInstanceOf(expected);
    expect(files()).toEqual([]);
  });

  it('stores nothing for an upload over the limit, declared or streamed', async () => {
    const service = serviceWith(root, new Error('not reached'));
    await expect(
      service.upload(principal, { callId: CALL }, { ...audio(10), declaredBytes: 10_001 }),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(service.upload(principal, { callId: CALL }, audio(10_001))).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    expect(files()).toEqual([]);
  });
});
