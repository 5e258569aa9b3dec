import { randomUUID } from 'node:crypto';
import { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { QUEUE_ID, receptionistBody } from '../auto-receptionists/testing/auto-receptionist.builder';

const NUMBERS = '/v1/phone-system/phone-numbers';
const AR = '/v1/phone-system/auto-receptionists';

const fieldsOf = (body: { details: { field?: string }[] }) =>
  [...new Set(body.details.map(({ field }) => field))].sort();

describe('/v1/phone-system/phone-numbers', () => {
  let phone: PhoneSystemFixture;
  let sequence = 0;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  /** A fresh valid Berlin number for each call, so tests never collide on the global uniqueness. */
  const freshNumber = () => `+49309018${String((sequence += 1)).padStart(4, '0')}`;

  const post = (caller: SeededUser, body: object) =>
    phone.http().post(NUMBERS).set('X-API-KEY', caller.apiKey).send(body);

  async function created(caller: SeededUser, body: Record<string, unknown> = {}) {
    const response = await post(caller, { number: freshNumber(), ...body });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function receptionistOf(caller: SeededUser): Promise<string> {
    const response = await phone.http().post(AR).set('X-API-KEY', caller.apiKey).send(receptionistBody()).expect(201);
    return response.body.id;
  }

  describe('create and read', () => {
    it('creates a number normalised to E.164 with defaults, answers it with Location', async () => {
      const owner = await phone.accounts.tenant();
      const response = await post(owner, { number: '+1 (415) 555-0142' }).expect(201);
      expect(response.headers.location).toBe(`${NUMBERS}/${response.body.id}`);
      expect(response.body).toEqual({
        id: expect.any(String),
        number: '+14155550142',
        label: null,
        capabilities: ['VOICE'],
        route: { type: 'UNASSIGNED', targetId: null },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await phone.http().get(`${NUMBERS}/${response.body.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(read.body).toEqual(response.body);
    });

    it('routes to the tenant’s user, auto-receptionist or a queue', async () => {
      const owner = await phone.accounts.tenant();
      const member = await phone.accounts.user(owner.tenantId, 'member');
      const receptionistId = await receptionistOf(owner);
      for (const route of [
        { type: 'USER', targetId: member.userId.toUpperCase() },
        { type: 'AUTO_RECEPTIONIST', targetId: receptionistId },
        { type: 'QUEUE', targetId: QUEUE_ID },
        { type: 'UNASSIGNED', targetId: null },
        { type: 'UNASSIGNED' },
      ]) {
        const number = await created(owner, { label: 'Line', capabilities: ['SMS', 'VOICE', 'FAX'], route });
        expect(number.route).toEqual({ type: route.type, targetId: route.targetId?.toLowerCase() ?? null });
        expect(number.capabilities).toEqual(['VOICE', 'SMS', 'FAX']);
      }
    });

    it('refuses malformed input with 400 naming each field', async () => {
      const owner = await phone.accounts.tenant();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ number: '4930901820' }, ['number']],
        [{ number: '+1202555012' }, ['number']],
        [{ number: '+1 800 FLOWERS' }, ['number']],
        [{ number: '+14155550100 ext. 12' }, ['number']],
        [{ number: 4930901820 }, ['number']],
        [{}, ['number']],
        [{ number: freshNumber(), capabilities: ['VOICE', 'TELEX'] }, ['capabilities']],
        [{ number: freshNumber(), capabilities: ['VOICE', 'VOICE'] }, ['capabilities']],
        [{ number: freshNumber(), label: '' }, ['label']],
        [{ number: freshNumber(), route: { type: 'PAGER', targetId: QUEUE_ID } }, ['route.type']],
        [{ number: freshNumber(), route: { type: 'USER' } }, ['route.targetId']],
        [{ number: freshNumber(), route: { type: 'QUEUE', targetId: 'queue-1' } }, ['route.targetId']],
        [{ number: freshNumber(), route: { type: 'UNASSIGNED', targetId: QUEUE_ID } }, ['route.targetId']],
        [{ number: freshNumber(), route: { type: 'QUEUE', targetId: QUEUE_ID, priority: 1 } }, ['route.priority']],
        [{ number: freshNumber(), route: 'USER' }, ['route']],
        [{ number: freshNumber(), tenantId: owner.tenantId }, ['tenantId']],
      ];
      for (const [body, fields] of cases) {
        const response = await post(owner, body);
        expect({ body, status: response.status, fields: response.body.details && fieldsOf(response.body) }).toEqual({
          body,
          status: 400,
          fields,
        });
      }
      expect(await phone.prisma.phoneNumber.count({ where: { tenantId: owner.tenantId } })).toBe(0);
    });

    it('lists with filters on number, capabilities, route type and target, and sorts', async () => {
      const owner = await phone.accounts.tenant();
      const member = await phone.accounts.user(owner.tenantId, 'member');
      const receptionistId = await receptionistOf(owner);
      const a = await created(owner, {
        number: '+14155550171',
        label: 'Sales',
        capabilities: ['VOICE', 'SMS'],
        route: { type: 'USER', targetId: member.userId },
      });
      const b = await created(owner, {
        number: '+442071838751',
        label: 'London',
        capabilities: ['VOICE'],
        route: { type: 'AUTO_RECEPTIONIST', targetId: receptionistId },
      });
      const c = await created(owner, { number: '+4930901899', capabilities: ['FAX'] });
      const d = await created(owner, { number: '+4930901898', capabilities: [] });
      const ids = async (query: string) => {
        const response = await phone.http().get(`${NUMBERS}${query}`).set('X-API-KEY', owner.apiKey).expect(200);
        return response.body.data.map((n: { id: string }) => n.id);
      };

      expect(await ids('?sort=number')).toEqual([a.id, b.id, d.id, c.id]);
      expect(await ids('?sort=-number&pageSize=2')).toEqual([c.id, d.id]);
      expect(await ids('?number=like::20718')).toEqual([b.id]);
      expect(await ids('?number=%2B14155550171')).toEqual([a.id]);
      expect(await ids('?capabilities=sms')).toEqual([a.id]);
      expect(await ids('?capabilities=in::SMS,FAX&sort=number')).toEqual([a.id, c.id]);
      expect(await ids('?capabilities=neq::VOICE&sort=number')).toEqual([d.id, c.id]);
      expect(await ids('?capabilities=isnull')).toEqual([d.id]);
      expect(await ids('?route.type=auto_receptionist')).toEqual([b.id]);
      expect(await ids(`?route.targetId=${member.userId}`)).toEqual([a.id]);
      expect(await ids('?route.targetId=isnull&sort=number')).toEqual([d.id, c.id]);
      expect(await ids('?filter=OR(eq(route.type,USER),eq(label,London))&sort=createdAt')).toEqual([a.id, b.id]);
      expect(await ids('?label=Sales&sort=-createdAt')).toEqual([a.id]);

      for (const bad of [
        '?capabilities=TELEX',
        '?route.type=PAGER',
        '?sort=capabilities',
        '?routeType=USER',
        '?capabilities=like::V',
      ]) {
        await phone.http().get(`${NUMBERS}${bad}`).set('X-API-KEY', owner.apiKey).expect(400);
      }
    });
  });

  describe('a number belongs to one tenant of DialLink', () => {
    it('refuses a number another tenant has with 409 that does not say whose, in any spelling', async () => {
      const first = await phone.accounts.tenant({ name: 'Secret Holder GmbH' });
      const second = await phone.accounts.tenant();
      const taken = await created(first, { number: '+4930901111' });
      const conflict = await post(second, { number: '+49 30 901111' }).expect(409);
      expect(conflict.body.message).toBe('+4930901111 is already in use on DialLink and cannot be added.');
      expect(conflict.body.details).toEqual([{ field: 'number', message: 'already in use' }]);
      const text = JSON.stringify(conflict.body);
      for (const secret of [first.tenantId, 'Secret Holder', taken.id, first.email]) expect(text).not.toContain(secret);

      // Moving one's own number onto it is the same 409.
      const own = await created(second);
      await phone
        .http()
        .put(`${NUMBERS}/${own.id}`)
        .set('X-API-KEY', second.apiKey)
        .send({ number: '+4930901111' })
        .expect(409);
      await phone
        .http()
        .patch(`${NUMBERS}/${own.id}`)
        .set('X-API-KEY', second.apiKey)
        .send({ number: '+4930901111' })
        .expect(409);
      const still = await phone.http().get(`${NUMBERS}/${taken.id}`).set('X-API-KEY', first.apiKey).expect(200);
      expect(still.body).toEqual(taken);
    });

    it('tells a tenant when the number is already one of its own, and lets a number keep itself', async () => {
      const owner = await phone.accounts.tenant();
      const mine = await created(owner, { number: '+4930901112' });
      const again = await post(owner, { number: '+4930901112' }).expect(409);
      expect(again.body.details).toEqual([
        { field: 'number', message: `already one of your phone numbers (${mine.id})` },
      ]);
      await phone
        .http()
        .put(`${NUMBERS}/${mine.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send({ number: '+49 30 901112', label: 'Same' })
        .expect(200);
    });

    it('lets only one of two tenants racing for a number have it', async () => {
      const [first, second] = [await phone.accounts.tenant(), await phone.accounts.tenant()];
      // Each key used once first: two concurrent first requests with one fresh key stall in the auth guard today.
      for (const caller of [first, second]) await phone.http().get(NUMBERS).set('X-API-KEY', caller.apiKey).expect(200);
      const statuses = await Promise.all(
        [first, second, first, second].map((caller) => post(caller, { number: '+4930901113' }).then((r) => r.status)),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(3);
    });
  });

  describe('route targets must be the tenant’s', () => {
    it('refuses another tenant’s user or auto-receptionist exactly like a missing one', async () => {
      const owner = await phone.accounts.tenant();
      const stranger = await phone.accounts.tenant();
      const disabled = await phone.accounts.user(owner.tenantId, 'member');
      await phone.accounts.updateUser(disabled.userId, { enabled: false });
      const foreignReceptionist = await receptionistOf(stranger);

      const answer = async (route: object) => {
        const response = await post(owner, { number: freshNumber(), route }).expect(400);
        return response.body.details;
      };
      const noUser = [{ field: 'route.targetId', message: 'no enabled user of your tenant has this id' }];
      expect(await answer({ type: 'USER', targetId: stranger.userId })).toEqual(noUser);
      expect(await answer({ type: 'USER', targetId: randomUUID() })).toEqual(noUser);
      expect(await answer({ type: 'USER', targetId: disabled.userId })).toEqual(noUser);
      const noReceptionist = [{ field: 'route.targetId', message: 'no auto-receptionist of your tenant has this id' }];
      expect(await answer({ type: 'AUTO_RECEPTIONIST', targetId: foreignReceptionist })).toEqual(noReceptionist);
      expect(await answer({ type: 'AUTO_RECEPTIONIST', targetId: randomUUID() })).toEqual(noReceptionist);
      // A user id is not an auto-receptionist id.
      expect(await answer({ type: 'AUTO_RECEPTIONIST', targetId: owner.userId })).toEqual(noReceptionist);
    });
  });

  describe('PUT replaces, PATCH merges', () => {
    it('PATCH changes only what is sent; a sent route replaces the route', async () => {
      const owner = await phone.accounts.tenant();
      const receptionistId = await receptionistOf(owner);
      const number = await created(owner, {
        label: 'Main',
        capabilities: ['VOICE', 'SMS'],
        route: { type: 'QUEUE', targetId: QUEUE_ID },
      });
      const patch = (body: object) =>
        phone.http().patch(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).send(body);

      const relabelled = await patch({ label: 'Reception' }).expect(200);
      expect(relabelled.body).toMatchObject({
        number: number.number,
        label: 'Reception',
        capabilities: ['VOICE', 'SMS'],
        route: number.route,
      });
      const rerouted = await patch({ route: { type: 'AUTO_RECEPTIONIST', targetId: receptionistId } }).expect(200);
      expect(rerouted.body).toMatchObject({
        label: 'Reception',
        route: { type: 'AUTO_RECEPTIONIST', targetId: receptionistId },
      });
      const cleared = await patch({ label: null, route: null, capabilities: null }).expect(200);
      expect(cleared.body).toMatchObject({
        label: null,
        route: { type: 'UNASSIGNED', targetId: null },
        capabilities: ['VOICE'],
      });
      const none = await patch({ capabilities: [] }).expect(200);
      expect(none.body.capabilities).toEqual([]);
      const nullNumber = await patch({ number: null }).expect(400);
      expect(fieldsOf(nullNumber.body)).toEqual(['number']);
    });

    it('PUT clears omitted fields back to their defaults and requires the number', async () => {
      const owner = await phone.accounts.tenant();
      const number = await created(owner, {
        label: 'Main',
        capabilities: ['SMS'],
        route: { type: 'QUEUE', targetId: QUEUE_ID },
      });
      const replacement = freshNumber();
      const put = await phone
        .http()
        .put(`${NUMBERS}/${number.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send({ number: replacement })
        .expect(200);
      expect(put.body).toEqual({
        ...number,
        number: replacement,
        label: null,
        capabilities: ['VOICE'],
        route: { type: 'UNASSIGNED', targetId: null },
        updatedAt: expect.any(String),
      });
      const missing = await phone
        .http()
        .put(`${NUMBERS}/${number.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send({ label: 'x' })
        .expect(400);
      expect(fieldsOf(missing.body)).toEqual(['number']);
      // The number it gave up is free again.
      await created(await phone.accounts.tenant(), { number: number.number });
    });

    it('deletes with 204, then answers 404; the number can be taken again', async () => {
      const owner = await phone.accounts.tenant();
      const number = await created(owner);
      await phone.http().delete(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).expect(204);
      await phone.http().get(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).expect(404);
      await phone.http().delete(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).expect(404);
      await created(await phone.accounts.tenant(), { number: number.number });
    });
  });

  describe('tenancy and permissions', () => {
    it('answers another tenant’s number like a missing one on every route, and changes nothing', async () => {
      const owner = await phone.accounts.tenant();
      const number = await created(owner, { label: 'Private' });
      const stranger = await phone.accounts.tenant();
      const requests = [
        (id: string) => phone.http().get(`${NUMBERS}/${id}`),
        (id: string) => phone.http().put(`${NUMBERS}/${id}`).send({ number: freshNumber() }),
        (id: string) => phone.http().patch(`${NUMBERS}/${id}`).send({ label: 'Taken over' }),
        (id: string) => phone.http().delete(`${NUMBERS}/${id}`),
      ];
      for (const request of requests) {
        const missingId = randomUUID();
        const foreign = await request(number.id).set('X-API-KEY', stranger.apiKey);
        const missing = await request(missingId).set('X-API-KEY', stranger.apiKey);
        expect(foreign.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(foreign.body.message).toBe(`Phone number '${number.id}' not found.`);
        expect(missing.body.message).toBe(`Phone number '${missingId}' not found.`);
      }
      const list = await phone.http().get(NUMBERS).set('X-API-KEY', stranger.apiKey).expect(200);
      expect(list.body.data).toEqual([]);
      const byNumber = await phone
        .http()
        .get(`${NUMBERS}?number=like::${number.number.slice(1)}`)
        .set('X-API-KEY', stranger.apiKey)
        .expect(200);
      expect(byNumber.body.data).toEqual([]);
      const unchanged = await phone.http().get(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(unchanged.body).toEqual(number);
    });

    it('lets a viewer read but refuses every write with 403', async () => {
      const owner = await phone.accounts.tenant();
      const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
      const number = await created(owner);
      await phone.http().get(NUMBERS).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().get(`${NUMBERS}/${number.id}`).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().post(NUMBERS).set('X-API-KEY', viewer.apiKey).send({ number: freshNumber() }).expect(403);
      await phone
        .http()
        .put(`${NUMBERS}/${number.id}`)
        .set('X-API-KEY', viewer.apiKey)
        .send({ number: number.number })
        .expect(403);
      await phone
        .http()
        .patch(`${NUMBERS}/${number.id}`)
        .set('X-API-KEY', viewer.apiKey)
        .send({ label: 'x' })
        .expect(403);
      await phone.http().delete(`${NUMBERS}/${number.id}`).set('X-API-KEY', viewer.apiKey).expect(403);
      const unchanged = await phone.http().get(`${NUMBERS}/${number.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(unchanged.body).toEqual(number);
    });
  });
});
