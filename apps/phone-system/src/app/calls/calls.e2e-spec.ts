import { randomUUID } from 'node:crypto';
import type { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';

const CALLS = '/v1/phone-system/calls';

interface Call {
  id: string;
  direction: string;
  status: string;
  fromNumber: string;
  toNumber: string;
  startedAt: string;
  durationSeconds: number | null;
  tags: string[];
  contactId: string | null;
  [field: string]: unknown;
}

const CUSTOMER = '+17175501675';
const COMPANY = '+442071838750';
const OTHER = '+4915123456789';

describe('/v1/phone-system/calls', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  const post = (caller: SeededUser, body: object) =>
    phone.http().post(CALLS).set('X-API-KEY', caller.apiKey).send(body);
  const list = async (caller: SeededUser, query: string): Promise<Call[]> => {
    const response = await phone.http().get(`${CALLS}${query}`).set('X-API-KEY', caller.apiKey);
    expect(response.status).toBe(200);
    return response.body.data;
  };
  const ids = (calls: Call[]) => calls.map((call) => call.id);

  /** A contact of the tenant with one phone number, as the Contacts resource stores it. */
  async function contact(
    owner: SeededUser,
    phoneNumber: string,
    fields: { shared?: boolean; ownerId?: string } = {},
  ): Promise<string> {
    const row = await phone.prisma.contact.create({
      data: {
        tenantId: owner.tenantId,
        ownerId: fields.ownerId ?? owner.userId,
        firstName: 'Sophia',
        lastName: 'Brooks',
        shared: fields.shared ?? true,
        phoneNumbers: { create: { tenantId: owner.tenantId, type: 'WORK', phoneNumber } },
      },
    });
    return row.id;
  }

  it('records a call from the switch: numbers in E.164, talk time derived, the external party matched to a contact', async () => {
    const owner = await phone.accounts.tenant();
    const sophia = await contact(owner, CUSTOMER);
    const queueId = randomUUID();
    const response = await post(owner, {
      direction: 'OUTBOUND',
      status: 'COMPLETED',
      fromNumber: '+44 20 7183 8750',
      toNumber: '+1 (717) 550-1675',
      userId: owner.userId,
      queueId,
      startedAt: '2026-01-15T09:30:00Z',
      answeredAt: '2026-01-15T09:30:12Z',
      endedAt: '2026-01-15T10:42:00.400+01:00',
      notes: 'Asked for a quote.',
      tags: ['sales', 'quote', 'sales'],
    }).expect(201);
    expect(response.headers.location).toBe(`${CALLS}/${response.body.id}`);
    expect(response.body).toEqual({
      id: expect.any(String),
      direction: 'OUTBOUND',
      status: 'COMPLETED',
      from: { number: COMPANY, contactId: null, userId: owner.userId },
      to: { number: CUSTOMER, contactId: sophia, userId: null },
      fromNumber: COMPANY,
      toNumber: CUSTOMER,
      contactId: sophia,
      userId: owner.userId,
      queueId,
      startedAt: '2026-01-15T09:30:00.000Z',
      answeredAt: '2026-01-15T09:30:12.000Z',
      endedAt: '2026-01-15T09:42:00.400Z',
      durationSeconds: 708,
      recordingId: null,
      notes: 'Asked for a quote.',
      tags: ['sales', 'quote'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await phone.http().get(`${CALLS}/${response.body.id}`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(read.body).toEqual(response.body);
  });

  it('starts a click-to-call with the least: ringing now, no duration yet', async () => {
    const owner = await phone.accounts.tenant();
    const before = Date.now();
    const { body } = await post(owner, {
      direction: 'OUTBOUND',
      fromNumber: COMPANY,
      toNumber: CUSTOMER,
      userId: owner.userId,
    }).expect(201);
    expect(body).toMatchObject({
      status: 'RINGING',
      answeredAt: null,
      endedAt: null,
      durationSeconds: null,
      contactId: null,
      tags: [],
      notes: null,
    });
    expect(Date.parse(body.startedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(body.startedAt)).toBeLessThanOrEqual(Date.now());
    const missed = await post(owner, {
      direction: 'INBOUND',
      status: 'MISSED',
      fromNumber: CUSTOMER,
      toNumber: COMPANY,
      startedAt: '2026-01-15T09:30:00Z',
      endedAt: '2026-01-15T09:30:30Z',
    }).expect(201);
    expect(missed.body.durationSeconds).toBe(0);
  });

  it('matches the contact the call’s user and its caller can see: their own first, then shared, never someone else’s private one', async () => {
    const owner = await phone.accounts.tenant();
    const member = await phone.accounts.user(owner.tenantId, 'member');
    const othersPrivate = await contact(owner, CUSTOMER, { shared: false, ownerId: owner.userId });
    const call = { direction: 'INBOUND', fromNumber: CUSTOMER, toNumber: COMPANY, startedAt: '2026-01-15T09:30:00Z' };

    // The owner's private contact is invisible to the member, and to a call without a user.
    expect((await post(owner, { ...call, userId: member.userId }).expect(201)).body.contactId).toBeNull();
    expect((await post(owner, call).expect(201)).body.contactId).toBeNull();
    expect((await post(owner, { ...call, userId: owner.userId }).expect(201)).body.from).toEqual({
      number: CUSTOMER,
      contactId: othersPrivate,
      userId: null,
    });

    const shared = await contact(owner, CUSTOMER, { shared: true });
    expect((await post(owner, { ...call, userId: member.userId }).expect(201)).body.contactId).toBe(shared);
    expect((await post(owner, call).expect(201)).body.contactId).toBe(shared);
    const membersOwn = await contact(owner, CUSTOMER, { shared: false, ownerId: member.userId });
    // Logged by someone else, the member's private contact is not matched: its id would leak.
    expect((await post(owner, { ...call, userId: member.userId }).expect(201)).body.contactId).toBe(shared);
    const inbound = await post(member, { ...call, userId: member.userId }).expect(201);
    expect(inbound.body.contactId).toBe(membersOwn);
    expect(inbound.body.to).toEqual({ number: COMPANY, contactId: null, userId: member.userId });

    // Internal calls have no external party; another tenant's contact never matches.
    const internal = await post(owner, {
      direction: 'INTERNAL',
      fromNumber: '101',
      toNumber: CUSTOMER,
      userId: member.userId,
    }).expect(201);
    expect(internal.body).toMatchObject({
      contactId: null,
      from: { number: '101', userId: member.userId },
      to: { number: CUSTOMER, contactId: null },
    });
    const stranger = await phone.accounts.tenant();
    expect((await post(stranger, call).expect(201)).body.contactId).toBeNull();
  });

  it('refuses numbers that are not E.164 (extensions only on internal calls) with 400 naming them', async () => {
    const owner = await phone.accounts.tenant();
    const bad = await post(owner, { direction: 'OUTBOUND', fromNumber: '101', toNumber: '7175501675' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['fromNumber', 'toNumber']);
    expect(bad.body.message).toMatch(/fromNumber, toNumber/);
    const invalid = await post(owner, { direction: 'INBOUND', fromNumber: '+15555550100', toNumber: COMPANY }).expect(
      400,
    );
    expect(invalid.body.details).toEqual([{ field: 'fromNumber', message: 'fromNumber is not a valid phone number' }]);
    await post(owner, { direction: 'INTERNAL', fromNumber: '101', toNumber: '2001' }).expect(201);
    const notExtension = await post(owner, { direction: 'INTERNAL', fromNumber: '1', toNumber: 'abc' }).expect(400);
    expect(notExtension.body.details.map((d: { field: string }) => d.field)).toEqual(['fromNumber', 'toNumber']);
  });

  it('checks that the times, the status and the duration agree, naming the fields', async () => {
    const owner = await phone.accounts.tenant();
    const base = { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER, startedAt: '2026-01-15T09:30:00Z' };
    const fields = async (body: object): Promise<string[]> => [
      ...new Set<string>(
        (await post(owner, { ...base, ...body }).expect(400)).body.details.map((d: { field: string }) => d.field),
      ),
    ];

    expect(
      await fields({ status: 'COMPLETED', answeredAt: '2026-01-15T09:29:59Z', endedAt: '2026-01-15T09:40:00Z' }),
    ).toEqual(['answeredAt']);
    expect(
      await fields({ status: 'COMPLETED', answeredAt: '2026-01-15T09:31:00Z', endedAt: '2026-01-15T09:30:30Z' }),
    ).toEqual(['endedAt']);
    expect(await fields({ status: 'FAILED', endedAt: '2026-01-15T09:00:00Z' })).toEqual(['endedAt']);
    expect(
      await fields({
        status: 'COMPLETED',
        answeredAt: '2026-01-15T09:30:10Z',
        endedAt: '2026-01-15T09:31:10Z',
        durationSeconds: 90,
      }),
    ).toEqual(['durationSeconds']);
    expect(await fields({ status: 'MISSED', endedAt: '2026-01-15T09:31:00Z', durationSeconds: 5 })).toEqual([
      'durationSeconds',
    ]);
    expect(await fields({ status: 'RINGING', durationSeconds: 5 })).toEqual(['durationSeconds']);
    expect(await fields({ status: 'COMPLETED', endedAt: '2026-01-15T09:31:00Z' })).toEqual(['answeredAt']);
    expect(await fields({ status: 'MISSED', answeredAt: '2026-01-15T09:30:05Z' })).toEqual(['answeredAt']);
    expect(
      await fields({ status: 'IN_PROGRESS', answeredAt: '2026-01-15T09:30:05Z', endedAt: '2026-01-15T09:31:00Z' }),
    ).toEqual(['endedAt']);
    expect(await fields({ startedAt: '2026-01-15 09:30' })).toEqual(['startedAt']);
    expect(await fields({ startedAt: '2026-01-15' })).toEqual(['startedAt']);
    expect(await fields({ status: 'DONE', direction: 'SIDEWAYS' })).toEqual(
      expect.arrayContaining(['status', 'direction']),
    );
    expect(await fields({ contactId: randomUUID() })).toEqual(['contactId']);
    // Rounding of the talk time is tolerated by a second.
    const rounded = await post(owner, {
      ...base,
      status: 'COMPLETED',
      answeredAt: '2026-01-15T09:30:10.600Z',
      endedAt: '2026-01-15T09:31:10Z',
      durationSeconds: 60,
    }).expect(201);
    expect(rounded.body.durationSeconds).toBe(60);
  });

  it('accepts only a user of the tenant: another tenant’s user is refused exactly like a missing one', async () => {
    const owner = await phone.accounts.tenant();
    const stranger = await phone.accounts.tenant();
    const body = { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER };
    const foreign = await post(owner, { ...body, userId: stranger.userId }).expect(400);
    const missingId = randomUUID();
    const missing = await post(owner, { ...body, userId: missingId }).expect(400);
    expect(foreign.body.details).toEqual([{ field: 'userId', message: 'userId is not a user of this tenant.' }]);
    expect(missing.body.details).toEqual(foreign.body.details);
    expect(foreign.body.message.replace(stranger.userId, 'ID')).toBe(missing.body.message.replace(missingId, 'ID'));
    expect(await phone.prisma.call.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  describe('listing', () => {
    let owner: SeededUser;
    let member: SeededUser;
    const made: Record<string, Call> = {};
    const queueId = randomUUID();

    beforeAll(async () => {
      owner = await phone.accounts.tenant();
      member = await phone.accounts.user(owner.tenantId, 'member');
      await contact(owner, CUSTOMER);
      const calls: Record<string, object> = {
        outboundJan: {
          direction: 'OUTBOUND',
          status: 'COMPLETED',
          fromNumber: COMPANY,
          toNumber: CUSTOMER,
          userId: owner.userId,
          startedAt: '2026-01-10T10:00:00Z',
          answeredAt: '2026-01-10T10:00:05Z',
          endedAt: '2026-01-10T10:05:05Z',
          tags: ['sales', 'vip'],
        },
        inboundJanEnd: {
          direction: 'INBOUND',
          status: 'COMPLETED',
          fromNumber: CUSTOMER,
          toNumber: COMPANY,
          userId: member.userId,
          queueId,
          startedAt: '2026-01-31T23:59:00Z',
          answeredAt: '2026-01-31T23:59:10Z',
          endedAt: '2026-02-01T00:01:10Z',
          tags: ['support'],
        },
        missedFeb: {
          direction: 'INBOUND',
          status: 'MISSED',
          fromNumber: OTHER,
          toNumber: COMPANY,
          queueId,
          startedAt: '2026-02-01T00:00:00Z',
          endedAt: '2026-02-01T00:00:20Z',
        },
        outboundDec: {
          direction: 'OUTBOUND',
          status: 'FAILED',
          fromNumber: COMPANY,
          toNumber: OTHER,
          userId: member.userId,
          startedAt: '2025-12-31T23:59:59Z',
          endedAt: '2026-01-01T00:00:01Z',
          tags: ['sales'],
        },
        internal: {
          direction: 'INTERNAL',
          status: 'COMPLETED',
          fromNumber: '101',
          toNumber: '102',
          userId: owner.userId,
          startedAt: '2026-01-20T12:00:00Z',
          answeredAt: '2026-01-20T12:00:01Z',
          endedAt: '2026-01-20T12:00:31Z',
          notes: 'Hand-over of the VIP account',
        },
      };
      for (const [name, body] of Object.entries(calls)) made[name] = (await post(owner, body).expect(201)).body;
      // Another tenant's calls are never listed.
      const stranger = await phone.accounts.tenant();
      await post(stranger, { ...calls.outboundJan, userId: undefined }).expect(201);
    });

    const names = (calls: Call[]) => calls.map((call) => Object.keys(made).find((name) => made[name].id === call.id));

    it('answers ?direction=outbound as the reference shows, enums matched case-insensitively', async () => {
      const outbound = await list(owner, '?direction=outbound');
      expect(names(outbound)).toEqual(['outboundJan', 'outboundDec']);
      expect(outbound.every((call) => call.direction === 'OUTBOUND')).toBe(true);
      expect(ids(await list(owner, '?direction=OUTBOUND'))).toEqual(ids(outbound));
      expect(names(await list(owner, '?status=missed'))).toEqual(['missedFeb']);
      expect(names(await list(owner, '?status=in::completed,failed&direction=neq::internal'))).toEqual([
        'inboundJanEnd',
        'outboundJan',
        'outboundDec',
      ]);
      const bad = await phone.http().get(`${CALLS}?direction=sideways`).set('X-API-KEY', owner.apiKey).expect(400);
      expect(bad.body.details[0].field).toBe('direction');
    });

    it('lists newest first without sort, in the seed’s paging envelope', async () => {
      const response = await phone.http().get(`${CALLS}?pageSize=2`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(names(response.body.data)).toEqual(['missedFeb', 'inboundJanEnd']);
      expect(response.body.paging).toEqual({
        pageNumber: 1,
        pageSize: 2,
        totalNumberOfRecords: 5,
        totalNumberOfPages: 3,
        hasNextPage: true,
        hasPreviousPage: false,
        sortingCriteria: null,
        hasMore: true,
      });
      const last = await phone
        .http()
        .get(`${CALLS}?pageSize=2&pageNumber=3`)
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(names(last.body.data)).toEqual(['outboundDec']);
      expect(last.body.paging).toMatchObject({
        pageNumber: 3,
        hasNextPage: false,
        hasPreviousPage: true,
        hasMore: false,
      });
      const past = await phone.http().get(`${CALLS}?pageNumber=9`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(past.body.data).toEqual([]);
    });

    it('sorts by startedAt, durationSeconds and more, and reports the sort', async () => {
      expect(names(await list(owner, '?sort=startedAt'))).toEqual([
        'outboundDec',
        'outboundJan',
        'internal',
        'inboundJanEnd',
        'missedFeb',
      ]);
      // Durations: outboundJan 300, inboundJanEnd 120, missedFeb 0, outboundDec 0, internal 30; ties by id.
      const byDuration = await list(owner, '?sort=-durationSeconds,startedAt');
      expect(names(byDuration)).toEqual(['outboundJan', 'inboundJanEnd', 'internal', 'outboundDec', 'missedFeb']);
      const response = await phone
        .http()
        .get(`${CALLS}?sort=-durationSeconds`)
        .set('X-API-KEY', owner.apiKey)
        .expect(200);
      expect(response.body.paging.sortingCriteria).toBe('-durationSeconds');
      expect(response.body.data.map((call: Call) => call.durationSeconds)).toEqual([300, 120, 30, 0, 0]);
      await phone.http().get(`${CALLS}?sort=notes`).set('X-API-KEY', owner.apiKey).expect(400);
    });

    it('filters by date ranges with btn (whole days), in every form', async () => {
      const january = ['inboundJanEnd', 'internal', 'outboundJan'];
      expect(names(await list(owner, '?filter=btn(startedAt,2026-01-01,2026-01-31)&sort=-startedAt'))).toEqual(january);
      expect(names(await list(owner, '?startedAt=btn::2026-01-01,2026-01-31&sort=-startedAt'))).toEqual(january);
      expect(names(await list(owner, '?startedAt=gte::2026-01-01&startedAt=lt::2026-02-01&sort=-startedAt'))).toEqual(
        january,
      );
      expect(names(await list(owner, '?startedAt=2026-02-01'))).toEqual(['missedFeb']);
      expect(names(await list(owner, '?endedAt=btn::2026-02-01T00:00:00Z,2026-02-01T00:01:00Z'))).toEqual([
        'missedFeb',
      ]);
      expect(names(await list(owner, '?answeredAt=isnull&sort=startedAt'))).toEqual(['outboundDec', 'missedFeb']);
      await phone
        .http()
        .get(`${CALLS}?startedAt=btn::2026-02-01,2026-01-01`)
        .set('X-API-KEY', owner.apiKey)
        .expect(400);
    });

    it('filters by duration ranges', async () => {
      expect(names(await list(owner, '?durationSeconds=btn::30,300&sort=durationSeconds'))).toEqual([
        'internal',
        'inboundJanEnd',
        'outboundJan',
      ]);
      expect(
        names(await list(owner, '?filter=OR(gt(durationSeconds,200),eq(durationSeconds,0))&sort=startedAt')),
      ).toEqual(['outboundDec', 'outboundJan', 'missedFeb']);
    });

    it('filters by numbers, a raw + included', async () => {
      // A + in a query string arrives as a space: ?fromNumber=+1717… still means +1717….
      expect(names(await list(owner, `?fromNumber=${CUSTOMER}`))).toEqual(['inboundJanEnd']);
      expect(names(await list(owner, `?fromNumber=${encodeURIComponent(CUSTOMER)}`))).toEqual(['inboundJanEnd']);
      expect(names(await list(owner, `?toNumber=${OTHER.slice(1)}`))).toEqual(['outboundDec']);
      expect(names(await list(owner, '?toNumber=like::550'))).toEqual(['outboundJan']);
      expect(names(await list(owner, '?fromNumber=101'))).toEqual(['internal']);
      expect(names(await list(owner, `?filter=in(toNumber,"${CUSTOMER}","${OTHER}")&sort=startedAt`))).toEqual([
        'outboundDec',
        'outboundJan',
      ]);
    });

    it('filters by user, queue, contact and recording', async () => {
      expect(names(await list(owner, `?userId=${member.userId}&sort=startedAt`))).toEqual([
        'outboundDec',
        'inboundJanEnd',
      ]);
      expect(names(await list(owner, '?userId=isnull'))).toEqual(['missedFeb']);
      expect(names(await list(owner, `?queueId=${queueId.toUpperCase()}&sort=startedAt`))).toEqual([
        'inboundJanEnd',
        'missedFeb',
      ]);
      const withContact = await list(owner, '?contactId=isnotnull&sort=startedAt');
      expect(names(withContact)).toEqual(['outboundJan', 'inboundJanEnd']);
      expect(names(await list(owner, `?contactId=${withContact[0].contactId}&sort=startedAt`))).toEqual([
        'outboundJan',
        'inboundJanEnd',
      ]);
      expect(await list(owner, '?recordingId=isnotnull')).toEqual([]);
      expect(await list(owner, '?recordingId=isnull')).toHaveLength(5);
      await phone.http().get(`${CALLS}?userId=not-a-uuid`).set('X-API-KEY', owner.apiKey).expect(400);
    });

    it('filters by tags as a list: has, has any, has none', async () => {
      expect(names(await list(owner, '?tags=sales&sort=startedAt'))).toEqual(['outboundDec', 'outboundJan']);
      expect(names(await list(owner, '?filter=eq(tags,vip)'))).toEqual(['outboundJan']);
      expect(names(await list(owner, '?tags=sales&tags=vip'))).toEqual(['outboundJan']);
      expect(names(await list(owner, '?tags=in::vip,support&sort=startedAt'))).toEqual([
        'outboundJan',
        'inboundJanEnd',
      ]);
      expect(names(await list(owner, '?tags=isnull&sort=startedAt'))).toEqual(['internal', 'missedFeb']);
      expect(names(await list(owner, '?tags=neq::sales&sort=startedAt'))).toEqual([
        'internal',
        'inboundJanEnd',
        'missedFeb',
      ]);
      expect(await list(owner, '?tags=Sales')).toEqual([]);
      const like = await phone.http().get(`${CALLS}?tags=like::sal`).set('X-API-KEY', owner.apiKey).expect(400);
      expect(like.body.message).toMatch(/like cannot be used on tags/);
    });

    it('filters notes by text, and refuses unknown fields', async () => {
      expect(names(await list(owner, '?notes=like::vip'))).toEqual(['internal']);
      const unknown = await phone.http().get(`${CALLS}?storageKey=x`).set('X-API-KEY', owner.apiKey).expect(400);
      expect(unknown.body.details[0].field).toBe('storageKey');
    });
  });

  it('refuses an instant past the year 9999, which no answer can write, and lists the last one it takes as GET does', async () => {
    const owner = await phone.accounts.tenant();
    const call = (instant: string) => ({
      direction: 'OUTBOUND',
      status: 'COMPLETED',
      fromNumber: COMPANY,
      toNumber: CUSTOMER,
      startedAt: instant,
      answeredAt: instant,
      endedAt: instant,
    });
    // An instant of the year 10000 (+010000-01-01T00:59:59.999Z): stored, it was answered as null.
    const { body: refused } = await post(owner, call('9999-12-31T23:59:59.999-01:00')).expect(400);
    expect(refused.details).toEqual(
      ['startedAt', 'answeredAt', 'endedAt'].map((field) => ({
        field,
        message: `${field} must not be after 9999-12-31T23:59:59.999Z.`,
      })),
    );
    for (const instant of ['0100-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999+01:00']) {
      const { body: made } = await post(owner, call(instant)).expect(201);
      expect(made.startedAt).toBe(new Date(instant).toJSON());
      const { body: one } = await phone.http().get(`${CALLS}/${made.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(one).toEqual(made);
      expect(await list(owner, `?id=${made.id}`)).toEqual([one]);
    }
    expect(await phone.prisma.call.count({ where: { tenantId: owner.tenantId } })).toBe(3);
  });

  it('PATCH changes notes and tags only', async () => {
    const owner = await phone.accounts.tenant();
    const { body: call } = await post(owner, {
      direction: 'OUTBOUND',
      fromNumber: COMPANY,
      toNumber: CUSTOMER,
      notes: 'first',
      tags: ['a'],
    }).expect(201);
    const url = `${CALLS}/${call.id}`;
    const tagged = await phone
      .http()
      .patch(url)
      .set('X-API-KEY', owner.apiKey)
      .send({ tags: [' b ', 'c', 'b'] })
      .expect(200);
    expect(tagged.body).toMatchObject({ notes: 'first', tags: ['b', 'c'] });
    expect(Date.parse(tagged.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(call.updatedAt));
    const cleared = await phone.http().patch(url).set('X-API-KEY', owner.apiKey).send({ notes: null }).expect(200);
    expect(cleared.body).toMatchObject({ notes: null, tags: ['b', 'c'] });
    expect({ ...cleared.body, notes: 'first', tags: ['a'], updatedAt: call.updatedAt }).toEqual(call);

    for (const body of [
      { status: 'COMPLETED' },
      { durationSeconds: 1 },
      { fromNumber: OTHER },
      { notes: 'x', userId: owner.userId },
    ]) {
      const refused = await phone.http().patch(url).set('X-API-KEY', owner.apiKey).send(body).expect(400);
      expect(refused.body.details.map((d: { field: string }) => d.field)).toContain(Object.keys(body).pop());
    }
    await phone
      .http()
      .patch(url)
      .set('X-API-KEY', owner.apiKey)
      .send({ tags: ['x'.repeat(51)] })
      .expect(400);
    await phone.http().patch(url).set('X-API-KEY', owner.apiKey).send({ tags: 'sales' }).expect(400);
    expect((await phone.http().get(url).set('X-API-KEY', owner.apiKey)).body).toMatchObject({
      status: 'RINGING',
      notes: null,
      tags: ['b', 'c'],
    });
  });

  it('DELETE removes the call: 204, then 404', async () => {
    const owner = await phone.accounts.tenant();
    const { body: call } = await post(owner, { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER }).expect(
      201,
    );
    await phone.http().delete(`${CALLS}/${call.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    await phone.http().get(`${CALLS}/${call.id}`).set('X-API-KEY', owner.apiKey).expect(404);
    await phone.http().delete(`${CALLS}/${call.id}`).set('X-API-KEY', owner.apiKey).expect(404);
    await phone.http().get(`${CALLS}/not-a-uuid`).set('X-API-KEY', owner.apiKey).expect(400);
  });

  it('answers another tenant on every route exactly as for a missing call, and changes nothing of it', async () => {
    const owner = await phone.accounts.tenant();
    const stranger = await phone.accounts.tenant({ role: 'admin' });
    const { body: call } = await post(owner, {
      direction: 'OUTBOUND',
      fromNumber: COMPANY,
      toNumber: CUSTOMER,
      notes: 'mine',
      tags: ['a'],
    }).expect(201);
    const missing = randomUUID();
    const routes = [
      (id: string) => phone.http().get(`${CALLS}/${id}`),
      (id: string) => phone.http().patch(`${CALLS}/${id}`).send({ notes: 'theirs', tags: [] }),
      (id: string) => phone.http().delete(`${CALLS}/${id}`),
    ];
    for (const route of routes) {
      const foreign = await route(call.id).set('X-API-KEY', stranger.apiKey);
      const absent = await route(missing).set('X-API-KEY', stranger.apiKey);
      expect(foreign.status).toBe(404);
      expect(absent.status).toBe(404);
      expect(foreign.body.message.replace(call.id, 'ID')).toBe(absent.body.message.replace(missing, 'ID'));
    }
    expect(await list(stranger, '')).toEqual([]);
    expect(await list(stranger, `?filter=eq(id,${call.id})`)).toEqual([]);
    const after = await phone.http().get(`${CALLS}/${call.id}`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(after.body).toEqual(call);
  });

  it('lets a viewer read and refuses every write with 403', async () => {
    const owner = await phone.accounts.tenant();
    const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
    const { body: call } = await post(owner, { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER }).expect(
      201,
    );
    await phone.http().get(CALLS).set('X-API-KEY', viewer.apiKey).expect(200);
    await phone.http().get(`${CALLS}/${call.id}`).set('X-API-KEY', viewer.apiKey).expect(200);
    await post(viewer, { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER }).expect(403);
    await phone.http().patch(`${CALLS}/${call.id}`).set('X-API-KEY', viewer.apiKey).send({ notes: 'x' }).expect(403);
    await phone.http().delete(`${CALLS}/${call.id}`).set('X-API-KEY', viewer.apiKey).expect(403);
    expect(await phone.prisma.call.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    await phone.http().get(CALLS).expect(401);
  });

  it('still answers 415 to audio and binary bodies: the recordings’ parser is for the upload route only', async () => {
    const owner = await phone.accounts.tenant();
    const { body: call } = await post(owner, { direction: 'OUTBOUND', fromNumber: COMPANY, toNumber: CUSTOMER }).expect(
      201,
    );
    const send = (method: 'post' | 'patch', url: string, type: string) =>
      phone
        .http()
        [method](url)
        .set('X-API-KEY', owner.apiKey)
        .set('Content-Type', type)
        .set('X-Request-Id', 'r-415')
        .send(Buffer.from('{"notes":"x"}'));
    // What the service answered before the upload route existed, for a type nobody parses.
    const { body: builtIn } = await send('post', CALLS, 'text/plain').expect(415);
    expect(builtIn).toMatchObject({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    for (const type of ['audio/mpeg', 'application/octet-stream', 'audio/ogg; codecs=opus']) {
      expect((await send('post', CALLS, type).expect(415)).body).toEqual(builtIn);
      expect((await send('patch', `${CALLS}/${call.id}`, type).expect(415)).body).toEqual(builtIn);
    }
    expect((await phone.http().get(`${CALLS}/${call.id}`).set('X-API-KEY', owner.apiKey)).body.notes).toBeNull();
  });
});
