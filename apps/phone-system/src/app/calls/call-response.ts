import { Prisma } from '../database';
import { externalSide } from './call-record';
import { CallResponse } from './dto/call.response';

/** A call as Prisma reads it with its recording's id (the Prisma path and the raw read path alike). */
export type CallRow = Prisma.CallGetPayload<{ include: { recording: { select: { id: true } } } }>;

export function toCallResponse(call: CallRow): CallResponse {
  const external = externalSide(call.direction);
  return {
    id: call.id,
    direction: call.direction,
    status: call.status,
    // The user is the caller of outbound and internal calls, the callee of inbound ones.
    from: {
      number: call.fromNumber,
      contactId: external === 'from' ? call.contactId : null,
      userId: external === 'from' ? null : call.userId,
    },
    to: {
      number: call.toNumber,
      contactId: external === 'to' ? call.contactId : null,
      userId: external === 'from' ? call.userId : null,
    },
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    contactId: call.contactId,
    userId: call.userId,
    queueId: call.queueId,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    durationSeconds: call.durationSeconds,
    recordingId: call.recording?.id ?? null,
    notes: call.notes,
    tags: call.tags,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
  };
}
