import { E164Result, ErrorDetail, internalNumber, invalidFieldsError, publicNumber } from '@diallink/common';
import { CallDirection, CallStatus } from '../database';
import { CallRequest } from './dto/call.request';

/** A call record checked and normalised, ready to store (the contact is matched afterwards). */
export interface CallRecord {
  direction: CallDirection;
  status: CallStatus;
  fromNumber: string;
  toNumber: string;
  userId: string | null;
  queueId: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  notes: string | null;
  tags: string[];
}

const NOT_ANSWERED: readonly CallStatus[] = ['RINGING', 'MISSED', 'ABANDONED'];
const NOT_ENDED: readonly CallStatus[] = ['RINGING', 'IN_PROGRESS'];
/**
 * The last instant a call can have: a later one (`9999-12-31T23:59:59Z` with a negative offset)
 * is of the year 10000, which PostgreSQL stores but neither Prisma nor the raw read path reads
 * back as a date (the answer would say null).
 */
const LATEST = new Date('9999-12-31T23:59:59.999Z');

/** Tags without duplicates, in the order first given. */
export function uniqueTags(tags: readonly string[] | null | undefined): string[] {
  return [...new Set(tags ?? [])];
}

/** Whose number the external party's is: the caller of an inbound call, the callee of an outbound one. */
export function externalSide(direction: CallDirection): 'from' | 'to' | null {
  switch (direction) {
    case 'INBOUND':
      return 'from';
    case 'OUTBOUND':
      return 'to';
    case 'INTERNAL':
      return null;
  }
}

/**
 * The request as a record, or a 400 naming every field that is wrong: numbers (E.164; an
 * extension too on internal calls), the order of the times, the status against the times, and
 * durationSeconds against answeredAt/endedAt (derived when omitted).
 */
export function toCallRecord(input: CallRequest, now: Date): CallRecord {
  const problems: ErrorDetail[] = [];
  const problem = (field: string, message: string): void => {
    problems.push({ field, message: `${field} ${message}` });
  };
  const number = (field: 'fromNumber' | 'toNumber'): string => {
    const checked: E164Result =
      input.direction === 'INTERNAL' ? internalNumber(input[field]) : publicNumber(input[field]);
    if (checked.ok) return checked.number;
    problem(field, checked.problem);
    return input[field];
  };
  const fromNumber = number('fromNumber');
  const toNumber = number('toNumber');

  const status = input.status ?? 'RINGING';
  const startedAt = input.startedAt ? new Date(input.startedAt) : now;
  const answeredAt = input.answeredAt ? new Date(input.answeredAt) : null;
  const endedAt = input.endedAt ? new Date(input.endedAt) : null;
  for (const [field, time] of Object.entries({ startedAt, answeredAt, endedAt }))
    if (time && time > LATEST) problem(field, `must not be after ${LATEST.toJSON()}.`);

  if (answeredAt && answeredAt < startedAt) problem('answeredAt', 'must not be before startedAt.');
  if (endedAt && answeredAt && endedAt < answeredAt) problem('endedAt', 'must not be before answeredAt.');
  else if (endedAt && endedAt < startedAt) problem('endedAt', 'must not be before startedAt.');

  if (answeredAt && NOT_ANSWERED.includes(status))
    problem('answeredAt', `must be empty: a ${status} call was not answered.`);
  if (!answeredAt && status === 'COMPLETED') problem('answeredAt', 'is required: a COMPLETED call was answered.');
  if (endedAt && NOT_ENDED.includes(status)) problem('endedAt', `must be empty: a ${status} call has not ended.`);

  let durationSeconds: number | null = null;
  if (endedAt) {
    const talk = answeredAt ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000)) : 0;
    durationSeconds = input.durationSeconds ?? talk;
    if (Math.abs(durationSeconds - talk) > (answeredAt ? 1 : 0)) {
      problem(
        'durationSeconds',
        answeredAt
          ? `must be the talk time endedAt − answeredAt, ${talk} s (or leave it out).`
          : 'must be 0: the call was never answered (or leave it out).',
      );
    }
  } else if (input.durationSeconds !== undefined) {
    problem('durationSeconds', 'needs endedAt: it is the talk time of an ended call.');
  }

  if (problems.length > 0) throw invalidFieldsError(problems, { subject: 'call' });
  return {
    direction: input.direction,
    status,
    fromNumber,
    toNumber,
    userId: input.userId?.toLowerCase() ?? null,
    queueId: input.queueId?.toLowerCase() ?? null,
    startedAt,
    answeredAt,
    endedAt,
    durationSeconds,
    notes: input.notes ?? null,
    tags: uniqueTags(input.tags),
  };
}
