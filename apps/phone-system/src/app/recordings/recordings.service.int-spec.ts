/**
 * No audio without its row, on a real PostgreSQL: an upload whose insert fails after its audio was
 * stored — another upload of the call won, the call was deleted, the database refused — leaves no
 * file behind. The upload's body is a stream the test holds open, so each failure happens between
 * the service's check of the call and its insert, as it would in a race.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Principal } from '@diallink/auth';
import { ConflictError, NotFoundError } from '@diallink/common';
import type { SeededUser } from '@diallink/testing';
import { Client } from 'pg';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { RecordingsService } from './recordings.service';

describe('RecordingsService.upload: no audio without its row', () => {
  let phone: PhoneSystemFixture;
  let service: RecordingsService;
  let owner: SeededUser;
  let principal: Principal;

  beforeAll(async () => {
    phone = await startPhoneSystem();
    service = phone.app.get(RecordingsService);
    owner = await phone.accounts.tenant();
    principal = { tenantId: owner.tenantId, userId: owner.userId } as Principal;
  });
  afterAll(() => phone.close());

  const files = (): string[] => {
    const dir = path.join(phone.dataDir, 'blobs', 'recordings', owner.tenantId);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

  async function newCall(): Promise<string> {
    const call = await phone.prisma.call.create({
      data: {
        tenantId: owner.tenantId,
        direction: 'INBOUND',
        status: 'COMPLETED',
        fromNumber: '+17175501675',
        toNumber: '+442071838750',
        startedAt: new Date('2026-01-15T09:30:00Z'),
      },
    });
    return call.id;
  }

  const finished = (bytes: number) => ({
    contentType: 'audio/mpeg',
    declaredBytes: null,
    open: () => Readable.from([Buffer.alloc(bytes, 1)]),
  });

  /**
   * An upload whose body stays open: `reading` resolves once the service has checked the call and
   * begun to store the audio; `finish()` sends the rest and returns the upload's outcome.
   */
  function heldUpload(callId: string) {
    const body = new PassThrough();
    let opened!: () => void;
    const reading = new Promise<void>((resolve) => (opened = resolve));
    const outcome = service.upload(
      principal,
      { callId },
      {
        contentType: 'audio/mpeg',
        declaredBytes: null,
        open: () => {
          opened();
          return body;
        },
      },
    );
    // Settled here too, so that a failure before finish() is not an unhandled rejection.
    outcome.catch(() => undefined);
    return {
      reading,
      finish: () => {
        body.end(Buffer.alloc(5_000, 2));
        return outcome;
      },
    };
  }

  it('refuses with a conflict, keeping only the winner’s audio, when another upload of the call won', async () => {
    const callId = await newCall();
    const loser = heldUpload(callId);
    await loser.reading;
    const winner = await service.upload(principal, { callId }, finished(3_000));

    await expect(loser.finish()).rejects.toBeInstanceOf(ConflictError);
    const rows = await phone.prisma.recording.findMany({ where: { callId } });
    expect(rows.map((row) => row.id)).toEqual([winner.id]);
    // One file per row of the tenant: the loser's audio is gone.
    const all = await phone.prisma.recording.findMany({ where: { tenantId: owner.tenantId }, select: { id: true } });
    expect(files()).toEqual(all.map((row) => row.id).sort());
    expect(files()).toContain(winner.id);
  });

  it('answers as for a missing call, storing nothing, when the call was deleted meanwhile', async () => {
    const callId = await newCall();
    const before = files();
    const upload = heldUpload(callId);
    await upload.reading;
    await phone.prisma.call.delete({ where: { id: callId } });

    await expect(upload.finish()).rejects.toBeInstanceOf(NotFoundError);
    expect(await phone.prisma.recording.count({ where: { callId } })).toBe(0);
    expect(files()).toEqual(before);
  });

  it('passes the database’s own refusal on, storing nothing', async () => {
    const callId = await newCall();
    const before = files();
    // The service's role loses the right to insert recordings while the audio is being stored.
    const [{ role, schema }] = await phone.prisma.$queryRawUnsafe<{ role: string; schema: string }[]>(
      `SELECT current_user AS role, schemaname AS schema FROM pg_tables WHERE tablename = 'recordings'`,
    );
    const admin = new Client({ connectionString: phone.database.url });
    await admin.connect();
    try {
      const upload = heldUpload(callId);
      await upload.reading;
      await admin.query(`REVOKE INSERT ON "${schema}".recordings FROM "${role}"`);
      try {
        const failure = await upload.finish().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        expect(failure).not.toBeInstanceOf(ConflictError);
        expect(failure).not.toBeInstanceOf(NotFoundError);
        expect(String(failure)).toMatch(/permission denied/);
      } finally {
        await admin.query(`GRANT INSERT ON "${schema}".recordings TO "${role}"`);
      }
    } finally {
      await admin.end();
    }
    expect(await phone.prisma.recording.count({ where: { callId } })).toBe(0);
    expect(files()).toEqual(before);
  });
});
