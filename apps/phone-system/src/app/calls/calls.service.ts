import { Injectable } from '@nestjs/common';
import { Principal } from '@diallink/auth';
import { BadRequestError, NotFoundError } from '@diallink/common';
import { PhoneSystemDatabase, Prisma } from '../database';
import { Page, SqlParsedListQuery } from '@diallink/query';
import { RecordingsService } from '../recordings/recordings.service';
import { CallRecord, externalSide, toCallRecord, uniqueTags } from './call-record';
import { CallRow, toCallResponse } from './call-response';
import { listCalls } from './calls.reader';
import { CallPatchRequest, CallRequest } from './dto/call.request';
import { CallResponse } from './dto/call.response';

const WITH_RECORDING = { recording: { select: { id: true } } } as const;

/**
 * The tenant's call log. A call is recorded once (POST) and afterwards only its notes and tags
 * change; deleting it deletes its recording too, row and audio.
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly db: PhoneSystemDatabase,
    private readonly recordings: RecordingsService,
  ) {}

  /** Through the raw read path (calls.reader.ts): one statement per page, plus a capped count when needed. */
  list(principal: Principal, query: SqlParsedListQuery): Promise<Page<CallResponse>> {
    return listCalls(this.db, principal, query);
  }

  async get(principal: Principal, id: string): Promise<CallResponse> {
    return toCallResponse(await this.find(principal.tenantId, id));
  }

  async create(principal: Principal, input: CallRequest): Promise<CallResponse> {
    const record = toCallRecord(input, new Date());
    const db = this.db.forTenant(principal.tenantId);
    // Users as the read model knows them; a deleted user's calls stay, but none is logged anew.
    if (
      record.userId &&
      !(await db.user.findFirst({ where: { id: record.userId, deletedAt: null }, select: { id: true } }))
    ) {
      throw new BadRequestError(`Invalid call: userId '${record.userId}' is not a user of this tenant.`, [
        { field: 'userId', message: 'userId is not a user of this tenant.' },
      ]);
    }
    const contactId = await this.matchContact(principal, record);
    const call = await db.call.create({
      data: { ...record, tenantId: principal.tenantId, contactId },
      include: WITH_RECORDING,
    });
    return toCallResponse(call);
  }

  async update(principal: Principal, id: string, input: CallPatchRequest): Promise<CallResponse> {
    const existing = await this.find(principal.tenantId, id);
    const call = await this.db.forTenant(principal.tenantId).call.update({
      where: { id: existing.id },
      data: { notes: input.notes, tags: input.tags === undefined ? undefined : uniqueTags(input.tags) },
      include: WITH_RECORDING,
    });
    return toCallResponse(call);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const storageKey = await this.db.transaction(principal.tenantId, async (tx) => {
      const call = await tx.call.findFirst({
        where: { id },
        include: { recording: true },
      });
      if (!call) throw new NotFoundError('Call', id);
      if (call.recording) await tx.recording.delete({ where: { id: call.recording.id } });
      await tx.call.delete({ where: { id: call.id } });
      return call.recording?.storageKey;
    });
    // The audio goes once no row points to it any more.
    if (storageKey) await this.recordings.removeAudio(storageKey);
  }

  private async find(tenantId: string, id: string): Promise<CallRow> {
    const call = await this.db.forTenant(tenantId).call.findFirst({ where: { id }, include: WITH_RECORDING });
    if (!call) throw new NotFoundError('Call', id);
    return call;
  }

  /**
   * The contact of the external party: one with the number among those the call's user can see
   * and the caller too — the call's user's private contacts only when they log the call
   * themselves (whoever logs it learns the contact's id), then shared ones; the oldest when
   * several match. Internal calls have none.
   */
  private async matchContact(principal: Principal, record: CallRecord): Promise<string | null> {
    const side = externalSide(record.direction);
    if (!side) return null;
    const phoneNumber = side === 'from' ? record.fromNumber : record.toNumber;
    const visible: Prisma.ContactWhereInput[] =
      record.userId && record.userId === principal.userId
        ? [{ ownerId: record.userId }, { shared: true }]
        : [{ shared: true }];
    for (const contact of visible) {
      const match = await this.db.forTenant(principal.tenantId).contactPhoneNumber.findFirst({
        where: { phoneNumber, contact },
        select: { contactId: true },
        orderBy: [{ contact: { createdAt: 'asc' } }, { contactId: 'asc' }],
      });
      if (match) return match.contactId;
    }
    return null;
  }
}
