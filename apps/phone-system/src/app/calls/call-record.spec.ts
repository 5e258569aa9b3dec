import { BadRequestError } from '@diallink/common';
import { CallRequest } from './dto/call.request';
import { externalSide, toCallRecord, uniqueTags } from './call-record';

const NOW = new Date('2026-01-15T12:00:00.000Z');
const base: CallRequest = { direction: 'OUTBOUND', fromNumber: '+442071838750', toNumber: '+17175501675' };

function problems(input: Partial<CallRequest>): Array<{ field?: string; message: string }> {
  try {
    toCallRecord({ ...base, ...input }, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as BadRequestError).details;
  }
  return [];
}

describe('toCallRecord', () => {
  it('defaults a click-to-call: RINGING, started now, no duration', () => {
    expect(toCallRecord(base, NOW)).toEqual({
      direction: 'OUTBOUND',
      status: 'RINGING',
      fromNumber: '+442071838750',
      toNumber: '+17175501675',
      userId: null,
      queueId: null,
      startedAt: NOW,
      answeredAt: null,
      endedAt: null,
      durationSeconds: null,
      notes: null,
      tags: [],
    });
  });

  it('derives the talk time of an ended call: rounded, 0 when never answered', () => {
    const answered = {
      status: 'COMPLETED',
      startedAt: '2026-01-15T09:00:00Z',
      answeredAt: '2026-01-15T09:00:10Z',
    } as const;
    expect(toCallRecord({ ...base, ...answered, endedAt: '2026-01-15T09:01:10.499Z' }, NOW).durationSeconds).toBe(60);
    expect(toCallRecord({ ...base, ...answered, endedAt: '2026-01-15T09:01:10.500Z' }, NOW).durationSeconds).toBe(61);
    expect(
      toCallRecord(
        { ...base, status: 'MISSED', startedAt: '2026-01-15T09:00:00Z', endedAt: '2026-01-15T09:00:30Z' },
        NOW,
      ).durationSeconds,
    ).toBe(0);
    expect(
      toCallRecord(
        { ...base, status: 'IN_PROGRESS', answeredAt: '2026-01-15T11:59:00Z', startedAt: '2026-01-15T11:58:00Z' },
        NOW,
      ).durationSeconds,
    ).toBeNull();
  });

  it('names every field that is wrong at once', () => {
    expect(
      problems({
        direction: 'INBOUND',
        fromNumber: '12',
        status: 'MISSED',
        startedAt: '2026-01-15T09:00:00Z',
        answeredAt: '2026-01-15T08:00:00Z',
        endedAt: '2026-01-15T07:00:00Z',
      }).map((p) => p.field),
    ).toEqual(['fromNumber', 'answeredAt', 'endedAt', 'answeredAt']);
  });

  it('tolerates a second of rounding in a given duration, no more', () => {
    const call = {
      status: 'COMPLETED',
      startedAt: '2026-01-15T09:00:00Z',
      answeredAt: '2026-01-15T09:00:00Z',
      endedAt: '2026-01-15T09:01:00Z',
    } as const;
    expect(problems({ ...call, durationSeconds: 59 })).toEqual([]);
    expect(problems({ ...call, durationSeconds: 61 })).toEqual([]);
    expect(problems({ ...call, durationSeconds: 62 })).toEqual([
      {
        field: 'durationSeconds',
        message: 'durationSeconds must be the talk time endedAt − answeredAt, 60 s (or leave it out).',
      },
    ]);
  });

  it('drops duplicate tags and lower-cases ids', () => {
    const record = toCallRecord(
      { ...base, tags: ['a', 'b', 'a'], userId: 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA' },
      NOW,
    );
    expect(record.tags).toEqual(['a', 'b']);
    expect(record.userId).toBe('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    expect(uniqueTags(null)).toEqual([]);
  });

  it('knows which side is the external party', () => {
    expect(externalSide('INBOUND')).toBe('from');
    expect(externalSide('OUTBOUND')).toBe('to');
    expect(externalSide('INTERNAL')).toBeNull();
  });
});
