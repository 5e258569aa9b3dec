import { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { BERLIN_WEEKDAYS_9_TO_17, QUEUE_ID, receptionistBody } from './testing/auto-receptionist.builder';

const AR = '/v1/phone-system/auto-receptionists';
const ALL_DAY = [{ open: '00:00', close: '24:00' }];
const EVERY_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, ALL_DAY]),
);

describe('GET /v1/phone-system/auto-receptionists/{id}/route', () => {
  let phone: PhoneSystemFixture;
  let owner: SeededUser;

  beforeAll(async () => {
    phone = await startPhoneSystem();
    owner = await phone.accounts.tenant();
  });
  afterAll(() => phone.close());

  async function receptionist(overrides: Record<string, unknown>): Promise<string> {
    const response = await phone
      .http()
      .post(AR)
      .set('X-API-KEY', owner.apiKey)
      .send(receptionistBody(overrides))
      .expect(201);
    return response.body.id;
  }

  const route = (id: string, query: string) =>
    phone.http().get(`${AR}/${id}/route${query}`).set('X-API-KEY', owner.apiKey);

  async function routed(id: string, query: string) {
    const response = await route(id, query);
    expect(response.status).toBe(200);
    return response.body;
  }

  describe('opening hours in the receptionist’s zone, across daylight saving time', () => {
    let berlin: string;
    let newYork: string;

    beforeAll(async () => {
      const afterHours = { type: 'VOICEMAIL' };
      berlin = await receptionist({ timezone: 'Europe/Berlin', businessHours: BERLIN_WEEKDAYS_9_TO_17, afterHours });
      newYork = await receptionist({
        timezone: 'America/New_York',
        businessHours: BERLIN_WEEKDAYS_9_TO_17,
        afterHours,
      });
    });

    it.each([
      // Spring: Berlin moves from CET (+01:00) to CEST (+02:00) on Sunday 2026-03-29.
      ['2026-03-27T08:30:00Z', true, '2026-03-27T09:30:00+01:00', 'friday'],
      ['2026-03-27T07:30:00Z', false, '2026-03-27T08:30:00+01:00', 'friday'],
      ['2026-03-30T07:30:00Z', true, '2026-03-30T09:30:00+02:00', 'monday'],
      ['2026-03-30T06:30:00Z', false, '2026-03-30T08:30:00+02:00', 'monday'],
      ['2026-03-30T14:59:00Z', true, '2026-03-30T16:59:00+02:00', 'monday'],
      ['2026-03-30T15:00:00Z', false, '2026-03-30T17:00:00+02:00', 'monday'],
      // Autumn: back to CET on Sunday 2026-10-25; the same UTC hour is an hour earlier locally.
      ['2026-10-23T07:30:00Z', true, '2026-10-23T09:30:00+02:00', 'friday'],
      ['2026-10-23T15:30:00Z', false, '2026-10-23T17:30:00+02:00', 'friday'],
      ['2026-10-26T07:30:00Z', false, '2026-10-26T08:30:00+01:00', 'monday'],
      ['2026-10-26T08:30:00Z', true, '2026-10-26T09:30:00+01:00', 'monday'],
      ['2026-10-26T15:30:00Z', true, '2026-10-26T16:30:00+01:00', 'monday'],
      ['2026-03-28T10:00:00Z', false, '2026-03-28T11:00:00+01:00', 'saturday'],
    ])('Berlin at %s: open %s, %s', async (at, open, localTime, weekday) => {
      const body = await routed(berlin, `?at=${at}`);
      expect(body).toMatchObject({
        autoReceptionistId: berlin,
        at: new Date(at).toISOString(),
        timezone: 'Europe/Berlin',
        open,
        localTime,
        weekday,
      });
      if (open) expect(body).toMatchObject({ action: null, menu: { options: [{ key: '1' }] } });
      else expect(body).toMatchObject({ menu: null, action: { type: 'VOICEMAIL', userId: null } });
    });

    it.each([
      // New York moves to EDT on 2026-03-08 and back to EST on 2026-11-01.
      ['2026-03-06T14:30:00Z', true, '2026-03-06T09:30:00-05:00'],
      ['2026-03-06T13:30:00Z', false, '2026-03-06T08:30:00-05:00'],
      ['2026-03-09T13:30:00Z', true, '2026-03-09T09:30:00-04:00'],
      ['2026-03-09T12:30:00Z', false, '2026-03-09T08:30:00-04:00'],
      ['2026-10-30T20:30:00Z', true, '2026-10-30T16:30:00-04:00'],
      ['2026-10-30T21:30:00Z', false, '2026-10-30T17:30:00-04:00'],
      ['2026-11-02T21:30:00Z', true, '2026-11-02T16:30:00-05:00'],
      ['2026-11-02T22:30:00Z', false, '2026-11-02T17:30:00-05:00'],
    ])('New York at %s: open %s, %s', async (at, open, localTime) => {
      const body = await routed(newYork, `?at=${at}`);
      expect(body).toMatchObject({ open, localTime });
    });

    it('reads an offset in `at` as the same instant, + encoded or arriving as a space', async () => {
      const encoded = await routed(berlin, '?at=2026-03-30T09:30:00%2B02:00');
      const spaced = await routed(berlin, '?at=2026-03-30T09:30:00+02:00');
      const zulu = await routed(berlin, '?at=2026-03-30T07:30:00Z');
      expect(encoded).toEqual(zulu);
      expect(spaced).toEqual(zulu);
    });

    it('defaults `at` to now', async () => {
      const before = Date.now();
      const body = await routed(berlin, '');
      const after = Date.now();
      expect(Date.parse(body.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(body.at)).toBeLessThanOrEqual(after);
      expect(body.localTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    });
  });

  describe('holidays by local date', () => {
    it('is closed on a Berlin holiday that has begun locally while UTC is still the day before', async () => {
      const id = await receptionist({
        timezone: 'Europe/Berlin',
        businessHours: EVERY_DAY,
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
        afterHours: { type: 'HANG_UP' },
      });
      expect(await routed(id, '?at=2026-12-24T22:59:59Z')).toMatchObject({
        open: true,
        holiday: null,
        localTime: '2026-12-24T23:59:59+01:00',
      });
      expect(await routed(id, '?at=2026-12-24T23:30:00Z')).toMatchObject({
        open: false,
        holiday: { date: '2026-12-25', name: 'Christmas Day' },
        localTime: '2026-12-25T00:30:00+01:00',
        action: { type: 'HANG_UP' },
      });
      expect(await routed(id, '?at=2026-12-25T23:30:00Z')).toMatchObject({
        open: true,
        holiday: null,
        localTime: '2026-12-26T00:30:00+01:00',
      });
    });

    it('is closed on a New York holiday evening that is already the next day in UTC', async () => {
      const id = await receptionist({
        timezone: 'America/New_York',
        businessHours: EVERY_DAY,
        holidays: [{ date: '2026-07-03', name: 'Independence Day (observed)' }],
      });
      expect(await routed(id, '?at=2026-07-04T02:00:00Z')).toMatchObject({
        open: false,
        holiday: { date: '2026-07-03' },
        weekday: 'friday',
      });
      expect(await routed(id, '?at=2026-07-04T04:00:00Z')).toMatchObject({
        open: true,
        holiday: null,
        weekday: 'saturday',
      });
    });
  });

  describe('keys', () => {
    let id: string;
    let member: SeededUser;
    const OPEN = '?at=2026-03-30T08:00:00Z';
    const CLOSED = '?at=2026-03-28T08:00:00Z';
    const subMenu = {
      prompt: { type: 'TEXT', text: 'Support: 1 for an agent, 9 to hear this again.' },
      options: [
        { key: '1', action: { type: 'QUEUE', queueId: QUEUE_ID } },
        { key: '9', action: { type: 'REPEAT' } },
        { key: '0', action: { type: 'SUB_MENU', menu: { options: [{ key: '#', action: { type: 'HANG_UP' } }] } } },
      ],
      invalidKeyAction: { type: 'EXTERNAL_NUMBER', number: '+442071838750' },
    };

    beforeAll(async () => {
      member = await phone.accounts.user(owner.tenantId, 'member');
      id = await receptionist({
        greeting: { type: 'TEXT', text: 'Welcome to Arrow.' },
        menu: {
          options: [
            { key: '1', action: { type: 'USER', userId: member.userId } },
            { key: '2', action: { type: 'QUEUE', queueId: QUEUE_ID } },
            { key: '3', action: { type: 'VOICEMAIL', userId: member.userId } },
            { key: '4', action: { type: 'VOICEMAIL' } },
            { key: '5', action: { type: 'EXTERNAL_NUMBER', number: '+14155550100' } },
            { key: '6', action: { type: 'SUB_MENU', menu: subMenu } },
            { key: '*', action: { type: 'REPEAT' } },
            { key: '#', action: { type: 'HANG_UP' } },
          ],
        },
        afterHours: {
          type: 'SUB_MENU',
          menu: { options: [{ key: '1', action: { type: 'VOICEMAIL', userId: member.userId } }] },
        },
      });
    });

    it('without a key: the greeting, then the top menu', async () => {
      const body = await routed(id, OPEN);
      expect(body).toMatchObject({
        open: true,
        greeting: { type: 'TEXT', text: 'Welcome to Arrow.' },
        steps: [],
        action: null,
        ignoredKeys: '',
      });
      expect(body.menu.options).toHaveLength(8);
    });

    it.each([
      ['1', { type: 'USER', userId: '<member>' }],
      ['2', { type: 'QUEUE', queueId: QUEUE_ID }],
      ['3', { type: 'VOICEMAIL', userId: '<member>' }],
      ['4', { type: 'VOICEMAIL', userId: null }],
      ['5', { type: 'EXTERNAL_NUMBER', number: '+14155550100' }],
      ['%23', { type: 'HANG_UP' }],
    ])('key %s goes to %o', async (key, action) => {
      const body = await routed(id, `${OPEN}&key=${key}`);
      const expected = JSON.parse(JSON.stringify(action).replace('<member>', member.userId));
      expect(body).toMatchObject({ menu: null, action: expected, ignoredKeys: '' });
      expect(body.steps).toEqual([{ key: decodeURIComponent(key), matched: true, actionType: expected.type }]);
    });

    it('a sub-menu key enters the sub-menu; further keys are pressed there, at any depth', async () => {
      const entered = await routed(id, `${OPEN}&key=6`);
      expect(entered).toMatchObject({ action: null, steps: [{ key: '6', matched: true, actionType: 'SUB_MENU' }] });
      expect(entered.menu).toEqual({
        ...subMenu,
        timeoutSeconds: 10,
        invalidKeyAction: subMenu.invalidKeyAction,
        options: expect.any(Array),
      });

      const agent = await routed(id, `${OPEN}&key=691`);
      expect(agent).toMatchObject({ menu: null, action: { type: 'QUEUE', queueId: QUEUE_ID } });
      expect(agent.steps.map((step: { actionType: string }) => step.actionType)).toEqual([
        'SUB_MENU',
        'REPEAT',
        'QUEUE',
      ]);

      const deepest = await routed(id, `${OPEN}&key=60%23`);
      expect(deepest).toMatchObject({ action: { type: 'HANG_UP' }, steps: [{ key: '6' }, { key: '0' }, { key: '#' }] });
    });

    it('REPEAT and an unknown key stay in the menu (no invalidKeyAction), or take the invalidKeyAction', async () => {
      const repeated = await routed(id, `${OPEN}&key=*`);
      expect(repeated).toMatchObject({ action: null, steps: [{ key: '*', matched: true, actionType: 'REPEAT' }] });
      expect(repeated.menu.options).toHaveLength(8);
      const unknown = await routed(id, `${OPEN}&key=9`);
      expect(unknown).toMatchObject({ action: null, steps: [{ key: '9', matched: false, actionType: 'REPEAT' }] });
      expect(unknown.menu.options).toHaveLength(8);
      const forwarded = await routed(id, `${OPEN}&key=67`);
      expect(forwarded).toMatchObject({
        menu: null,
        action: { type: 'EXTERNAL_NUMBER', number: '+442071838750' },
        steps: [
          { key: '6', matched: true },
          { key: '7', matched: false, actionType: 'EXTERNAL_NUMBER' },
        ],
      });
    });

    it('keys after the call has left the menus are reported as ignored', async () => {
      expect(await routed(id, `${OPEN}&key=2123`)).toMatchObject({
        action: { type: 'QUEUE' },
        steps: [{ key: '2' }],
        ignoredKeys: '123',
      });
    });

    it('when closed, the after-hours menu takes the keys', async () => {
      const closed = await routed(id, CLOSED);
      expect(closed).toMatchObject({
        open: false,
        greeting: { type: 'TEXT' },
        action: null,
        menu: { options: [{ key: '1' }] },
      });
      expect(await routed(id, `${CLOSED}&key=1`)).toMatchObject({
        open: false,
        action: { type: 'VOICEMAIL', userId: member.userId },
      });
      expect(await routed(id, `${CLOSED}&key=2`)).toMatchObject({
        open: false,
        action: null,
        steps: [{ key: '2', matched: false, actionType: 'REPEAT' }],
      });
    });

    it.each([
      ['?at=yesterday', 'at'],
      ['?at=2026-03-30T07:30:00', 'at'],
      ['?at=2026-02-30T07:30:00Z', 'at'],
      ['?at=2026-03-30', 'at'],
      ['?key=A', 'key'],
      ['?key=', 'key'],
      ['?key=123456789012345678901', 'key'],
      ['?key=1&key=2', 'key'],
      ['?keys=1', 'keys'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const response = await route(id, query).expect(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    });
  });
});
