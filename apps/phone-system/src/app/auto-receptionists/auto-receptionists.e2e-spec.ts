import { randomUUID } from 'node:crypto';
import { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { QUEUE_ID, receptionistBody } from './testing/auto-receptionist.builder';

const AR = '/v1/phone-system/auto-receptionists';
const NUMBERS = '/v1/phone-system/phone-numbers';

interface ErrorBody {
  status: number;
  message: string;
  details: { field?: string; message: string }[];
}

const fieldsOf = (body: ErrorBody): string[] => [...new Set(body.details.map(({ field }) => field))].sort() as string[];

describe('/v1/phone-system/auto-receptionists', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  async function recordingOf(tenantId: string): Promise<string> {
    const id = randomUUID();
    await phone.prisma.recording.create({
      data: {
        id,
        tenantId,
        contentType: 'audio/mpeg',
        sizeBytes: 1024n,
        sha256: 'a'.repeat(64),
        storageKey: `test/${id}`,
      },
    });
    return id;
  }

  const post = (caller: SeededUser, body: unknown) =>
    phone
      .http()
      .post(AR)
      .set('X-API-KEY', caller.apiKey)
      .send(body as object);

  async function created(caller: SeededUser, overrides: Record<string, unknown> = {}) {
    const response = await post(caller, receptionistBody(overrides));
    expect(response.status).toBe(201);
    return response.body;
  }

  /** The 400 of `body` on POST, with the fields it names. */
  async function refused(caller: SeededUser, body: unknown): Promise<string[]> {
    const response = await post(caller, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, error: 'BAD_REQUEST' });
    return fieldsOf(response.body);
  }

  describe('create and read', () => {
    it('creates a receptionist with every kind of action, answers it normalised, with Location', async () => {
      const owner = await phone.accounts.tenant();
      const member = await phone.accounts.user(owner.tenantId, 'member');
      const recordingId = await recordingOf(owner.tenantId);
      const response = await post(
        owner,
        receptionistBody({
          name: 'Main line',
          timezone: 'europe/berlin',
          businessHours: {
            tuesday: [
              { open: '13:00', close: '17:00' },
              { open: '09:00', close: '12:00' },
            ],
            saturday: null,
          },
          holidays: [
            { date: '2026-12-26', name: 'Boxing Day' },
            { date: '2026-12-25', name: 'Christmas Day' },
          ],
          greeting: { type: 'RECORDING', recordingId },
          menu: {
            prompt: { type: 'TEXT', text: 'For sales press 1.' },
            options: [
              { key: '1', action: { type: 'USER', userId: member.userId.toUpperCase() } },
              { key: '2', action: { type: 'QUEUE', queueId: QUEUE_ID } },
              { key: '3', action: { type: 'VOICEMAIL', userId: member.userId } },
              { key: '4', action: { type: 'EXTERNAL_NUMBER', number: '+1 (415) 555-0100' } },
              {
                key: '5',
                action: {
                  type: 'SUB_MENU',
                  menu: { options: [{ key: '#', action: { type: 'HANG_UP' } }], timeoutSeconds: 5 },
                },
              },
              { key: '*', action: { type: 'REPEAT' } },
            ],
            invalidKeyAction: { type: 'VOICEMAIL' },
          },
          afterHours: {
            type: 'SUB_MENU',
            menu: { options: [{ key: '0', action: { type: 'VOICEMAIL', userId: null } }] },
          },
        }),
      ).expect(201);

      expect(response.headers.location).toBe(`${AR}/${response.body.id}`);
      expect(response.body).toEqual({
        id: expect.any(String),
        name: 'Main line',
        timezone: 'Europe/Berlin',
        businessHours: {
          monday: [],
          tuesday: [
            { open: '09:00', close: '12:00' },
            { open: '13:00', close: '17:00' },
          ],
          wednesday: [],
          thursday: [],
          friday: [],
          saturday: [],
          sunday: [],
        },
        holidays: [
          { date: '2026-12-25', name: 'Christmas Day' },
          { date: '2026-12-26', name: 'Boxing Day' },
        ],
        greeting: { type: 'RECORDING', recordingId },
        menu: {
          prompt: { type: 'TEXT', text: 'For sales press 1.' },
          options: [
            { key: '1', action: { type: 'USER', userId: member.userId } },
            { key: '2', action: { type: 'QUEUE', queueId: QUEUE_ID } },
            { key: '3', action: { type: 'VOICEMAIL', userId: member.userId } },
            { key: '4', action: { type: 'EXTERNAL_NUMBER', number: '+14155550100' } },
            {
              key: '5',
              action: {
                type: 'SUB_MENU',
                menu: {
                  prompt: null,
                  options: [{ key: '#', action: { type: 'HANG_UP' } }],
                  timeoutSeconds: 5,
                  invalidKeyAction: null,
                },
              },
            },
            { key: '*', action: { type: 'REPEAT' } },
          ],
          timeoutSeconds: 10,
          invalidKeyAction: { type: 'VOICEMAIL', userId: null },
        },
        afterHours: {
          type: 'SUB_MENU',
          menu: {
            prompt: null,
            options: [{ key: '0', action: { type: 'VOICEMAIL', userId: null } }],
            timeoutSeconds: 10,
            invalidKeyAction: null,
          },
        },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      // Keys come back in the order written, actions with `type` first, whatever jsonb does with key order.
      expect(Object.keys(response.body.menu.options[4].action)).toEqual(['type', 'menu']);

      const read = await phone.http().get(`${AR}/${response.body.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(read.body).toEqual(response.body);

      // What GET answers can be PUT back unchanged.
      const { id, createdAt: _c, updatedAt: _u, ...asRequest } = read.body;
      const put = await phone.http().put(`${AR}/${id}`).set('X-API-KEY', owner.apiKey).send(asRequest).expect(200);
      expect({ ...put.body, updatedAt: undefined }).toEqual({ ...read.body, updatedAt: undefined });
    });

    it('refuses a name already taken in the tenant with 409, and allows it in another tenant', async () => {
      const owner = await phone.accounts.tenant();
      await created(owner, { name: 'Front desk' });
      const taken = await post(owner, receptionistBody({ name: 'Front desk' })).expect(409);
      expect(taken.body.details).toEqual([{ field: 'name', message: 'already taken in your tenant' }]);
      const other = await phone.accounts.tenant();
      await created(other, { name: 'Front desk' });
      const second = await created(owner, { name: 'Back desk' });
      await phone
        .http()
        .patch(`${AR}/${second.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send({ name: 'Front desk' })
        .expect(409);
    });

    it('lists with filters, sorting and paging', async () => {
      const owner = await phone.accounts.tenant();
      await created(owner, { name: 'Berlin office' });
      await created(owner, { name: 'New York office', timezone: 'America/New_York' });
      await created(owner, { name: 'Support line' });
      const list = (query: string) => phone.http().get(`${AR}${query}`).set('X-API-KEY', owner.apiKey);

      const all = await list('?sort=-name').expect(200);
      expect(all.body.data.map((r: { name: string }) => r.name)).toEqual([
        'Support line',
        'New York office',
        'Berlin office',
      ]);
      expect(all.body.paging).toMatchObject({ totalNumberOfRecords: 3, sortingCriteria: '-name', hasMore: false });

      const offices = await list('?name=like::office&timezone=Europe/Berlin').expect(200);
      expect(offices.body.data.map((r: { name: string }) => r.name)).toEqual(['Berlin office']);
      const byZone = await list(
        '?filter=OR(eq(timezone,America/New_York),eq(name,Support line))&sort=timezone,name',
      ).expect(200);
      expect(byZone.body.data.map((r: { name: string }) => r.name)).toEqual(['New York office', 'Support line']);
      const paged = await list('?pageSize=2&pageNumber=2&sort=createdAt').expect(200);
      expect(paged.body.paging).toMatchObject({
        pageNumber: 2,
        totalNumberOfPages: 2,
        hasPreviousPage: true,
        hasNextPage: false,
      });
      expect(paged.body.data).toHaveLength(1);
      const recent = await list('?createdAt=gte::2000-01-01&updatedAt=lt::2999-01-01').expect(200);
      expect(recent.body.data).toHaveLength(3);

      await list('?menu=x').expect(400);
      await list('?sort=menu').expect(400);
    });
  });

  describe('PUT replaces, PATCH merges top-level fields', () => {
    it('PATCH changes only what is sent; null clears greeting and holidays; null for a required field is 400', async () => {
      const owner = await phone.accounts.tenant();
      const original = await created(owner, {
        greeting: { type: 'TEXT', text: 'Welcome' },
        holidays: [{ date: '2026-05-01', name: 'Labour Day' }],
      });
      const patch = (body: unknown) =>
        phone
          .http()
          .patch(`${AR}/${original.id}`)
          .set('X-API-KEY', owner.apiKey)
          .send(body as object);

      const renamed = await patch({ name: 'Renamed' }).expect(200);
      expect(renamed.body).toMatchObject({
        name: 'Renamed',
        greeting: original.greeting,
        holidays: original.holidays,
        menu: original.menu,
        businessHours: original.businessHours,
        afterHours: original.afterHours,
        timezone: 'Europe/Berlin',
      });

      // A sent field is replaced as a whole: the new menu has only the new option.
      const newMenu = await patch({ menu: { options: [{ key: '9', action: { type: 'HANG_UP' } }] } }).expect(200);
      expect(newMenu.body.menu.options).toEqual([{ key: '9', action: { type: 'HANG_UP' } }]);
      expect(newMenu.body.greeting).toEqual({ type: 'TEXT', text: 'Welcome' });

      const cleared = await patch({ greeting: null, holidays: null }).expect(200);
      expect(cleared.body).toMatchObject({ greeting: null, holidays: [], name: 'Renamed' });

      for (const field of ['name', 'timezone', 'businessHours', 'menu', 'afterHours']) {
        const response = await patch({ [field]: null }).expect(400);
        expect(fieldsOf(response.body)).toEqual([field]);
      }
      await patch({}).expect(200);
    });

    it('PUT clears omitted optional fields and requires the required ones', async () => {
      const owner = await phone.accounts.tenant();
      const original = await created(owner, {
        greeting: { type: 'TEXT', text: 'Welcome' },
        holidays: [{ date: '2026-05-01', name: 'Labour Day' }],
      });
      const body = receptionistBody({ name: 'Replaced', timezone: 'America/New_York' });
      const put = await phone.http().put(`${AR}/${original.id}`).set('X-API-KEY', owner.apiKey).send(body).expect(200);
      expect(put.body).toMatchObject({
        id: original.id,
        name: 'Replaced',
        timezone: 'America/New_York',
        greeting: null,
        holidays: [],
      });
      expect(put.body.createdAt).toBe(original.createdAt);

      const { menu: _menu, afterHours: _afterHours, ...incomplete } = body;
      const missing = await phone
        .http()
        .put(`${AR}/${original.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send(incomplete)
        .expect(400);
      expect(fieldsOf(missing.body)).toEqual(['afterHours', 'menu']);
      const unchanged = await phone.http().get(`${AR}/${original.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(unchanged.body.name).toBe('Replaced');
    });
  });

  describe('validation names the exact field', () => {
    let owner: SeededUser;
    beforeAll(async () => {
      owner = await phone.accounts.tenant();
    });

    it('refuses unknown time zones and fields, and malformed hours', async () => {
      expect(await refused(owner, receptionistBody({ timezone: 'Mars/Olympus_Mons' }))).toEqual(['timezone']);
      expect(await refused(owner, receptionistBody({ timezone: '+02:00' }))).toEqual(['timezone']);
      expect(await refused(owner, { ...receptionistBody(), phoneNumber: '+14155550100' })).toEqual(['phoneNumber']);
      expect(
        await refused(
          owner,
          receptionistBody({
            businessHours: {
              monday: [{ open: '9:00', close: '17:00' }],
              tuesday: [{ open: '09:00', close: '24:01' }],
              wednesday: [{ open: '24:00', close: '24:00' }],
              thursday: { open: '09:00', close: '17:00' },
              friday: [{ open: '09:00', close: '17:00', lunch: true }],
              funday: [],
            },
          }),
        ),
      ).toEqual([
        'businessHours.friday[0].lunch',
        'businessHours.funday',
        'businessHours.monday[0].open',
        'businessHours.thursday',
        'businessHours.tuesday[0].close',
        'businessHours.wednesday[0].open',
      ]);
    });

    it('refuses overlapping intervals and close before open, allows touching ones and 24:00', async () => {
      const response = await post(
        owner,
        receptionistBody({
          businessHours: {
            monday: [
              { open: '09:00', close: '12:00' },
              { open: '11:30', close: '17:00' },
            ],
            tuesday: [{ open: '17:00', close: '09:00' }],
          },
        }),
      ).expect(400);
      expect(response.body.details).toEqual([
        { field: 'businessHours.monday[1]', message: '11:30–17:00 overlaps businessHours.monday[0] (09:00–12:00)' },
        {
          field: 'businessHours.tuesday[0].close',
          message:
            'close (09:00) must be later than open (17:00) on the same day; split a shift across midnight in two',
        },
      ]);
      await created(owner, {
        businessHours: {
          monday: [
            { open: '12:00', close: '24:00' },
            { open: '00:00', close: '12:00' },
          ],
        },
      });
    });

    it('refuses repeated and impossible holiday dates', async () => {
      expect(
        await refused(
          owner,
          receptionistBody({
            holidays: [
              { date: '2026-12-25', name: 'Christmas' },
              { date: '2026-02-30', name: 'Never' },
              { date: '2026-12-25', name: 'Christmas again' },
              { date: '2026-01-01' },
            ],
          }),
        ),
      ).toEqual(['holidays[1].date', 'holidays[3].name']);
      const duplicate = await post(
        owner,
        receptionistBody({
          holidays: [
            { date: '2026-12-25', name: 'Christmas' },
            { date: '2026-12-25', name: 'Again' },
          ],
        }),
      ).expect(400);
      expect(duplicate.body.details).toEqual([
        { field: 'holidays[1].date', message: '2026-12-25 is already holidays[0]' },
      ]);
    });

    it('refuses a list, or a list holding null, where a greeting or an action is expected, naming the field', async () => {
      expect(
        await refused(
          owner,
          receptionistBody({
            greeting: [null],
            afterHours: [null],
            menu: { options: [{ key: '1', action: [null, { type: 'HANG_UP' }] }] },
          }),
        ),
      ).toEqual(expect.arrayContaining(['greeting', 'afterHours', 'menu.options[0].action']));
    });

    it('refuses unknown action types, extra and missing fields by the action’s type, at any depth', async () => {
      const sub = (options: unknown[], extra: Record<string, unknown> = {}) => ({
        type: 'SUB_MENU',
        menu: { options, ...extra },
      });
      expect(
        await refused(
          owner,
          receptionistBody({
            menu: {
              options: [
                { key: '1', action: { type: 'TELEPORT', where: 'moon' } },
                { key: '2', action: { type: 'QUEUE', userId: owner.userId } },
                { key: '3', action: { userId: owner.userId } },
                { key: '4', action: 'USER' },
                { key: '5', action: { type: 'USER', userId: 'not-a-uuid' } },
                { key: 'A', action: { type: 'HANG_UP' } },
                { key: '6', action: { type: 'HANG_UP', reason: 'bye' } },
                {
                  key: '7',
                  action: sub(
                    [
                      { key: '1', action: { type: 'EXTERNAL_NUMBER', number: '0301234567' } },
                      {
                        key: '2',
                        action: sub([{ key: '1', action: { type: 'user', userId: owner.userId } }], {
                          timeoutSeconds: 0,
                        }),
                      },
                    ],
                    { invalidKeyAction: { type: 'NOPE' } },
                  ),
                },
              ],
            },
            greeting: { type: 'VIDEO', url: 'x' },
          }),
        ),
      ).toEqual([
        'greeting.type',
        'greeting.url',
        'menu.options[0].action.type',
        'menu.options[0].action.where',
        'menu.options[1].action.queueId',
        'menu.options[1].action.userId',
        'menu.options[2].action.type',
        'menu.options[2].action.userId',
        'menu.options[3].action',
        'menu.options[4].action.userId',
        'menu.options[5].key',
        'menu.options[6].action.reason',
        'menu.options[7].action.menu.invalidKeyAction.type',
        'menu.options[7].action.menu.options[0].action.number',
        'menu.options[7].action.menu.options[1].action.menu.options[0].action.type',
        'menu.options[7].action.menu.options[1].action.menu.options[0].action.userId',
        'menu.options[7].action.menu.options[1].action.menu.timeoutSeconds',
      ]);
    });

    it('refuses repeated keys in a menu and in a sub-menu', async () => {
      const response = await post(
        owner,
        receptionistBody({
          menu: {
            options: [
              { key: '1', action: { type: 'HANG_UP' } },
              {
                key: '2',
                action: {
                  type: 'SUB_MENU',
                  menu: {
                    options: [
                      { key: '#', action: { type: 'REPEAT' } },
                      { key: '#', action: { type: 'HANG_UP' } },
                    ],
                  },
                },
              },
              { key: '1', action: { type: 'REPEAT' } },
            ],
          },
        }),
      ).expect(400);
      expect(response.body.details).toEqual([
        {
          field: 'menu.options[1].action.menu.options[1].key',
          message: 'key # is already menu.options[1].action.menu.options[0]',
        },
        { field: 'menu.options[2].key', message: 'key 1 is already menu.options[0]' },
      ]);
    });

    it('allows menus five levels deep and refuses a sixth; refuses empty menus and REPEAT after hours', async () => {
      const nest = (levels: number) => {
        let menu: Record<string, unknown> = { options: [{ key: '1', action: { type: 'HANG_UP' } }] };
        for (let level = 1; level < levels; level += 1)
          menu = { options: [{ key: '1', action: { type: 'SUB_MENU', menu } }] };
        return menu;
      };
      await created(owner, { menu: nest(5) });
      const tooDeep = await post(owner, receptionistBody({ menu: nest(6) })).expect(400);
      expect(tooDeep.body.details).toEqual([
        { field: `menu${'.options[0].action.menu'.repeat(5)}`, message: 'menus nest at most 5 levels deep' },
      ]);
      expect(await refused(owner, receptionistBody({ menu: { options: [] } }))).toEqual(['menu.options']);
      expect(await refused(owner, receptionistBody({ afterHours: { type: 'REPEAT' } }))).toEqual(['afterHours.type']);

      // Far deeper bodies are refused before validation recurses into them (400, never a 500).
      // (Written by hand: JSON.stringify itself runs out of stack on such a body.)
      let abyssMenu = '{"options":[{"key":"1","action":{"type":"HANG_UP"}}]}';
      for (let level = 0; level < 5_000; level += 1)
        abyssMenu = `{"options":[{"key":"1","action":{"type":"SUB_MENU","menu":${abyssMenu}}}]}`;
      const abyss = await phone
        .http()
        .post(AR)
        .set('X-API-KEY', owner.apiKey)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(receptionistBody({ menu: '<menu>' })).replace('"<menu>"', abyssMenu))
        .expect(400);
      expect(abyss.body.details[0].field).toMatch(/^menu(\.options\[0\]\.action\.menu)+/);
    });
  });

  describe('targets must be the tenant’s', () => {
    it('refuses another tenant’s user exactly like a missing or disabled one, naming the field', async () => {
      const owner = await phone.accounts.tenant();
      const stranger = await phone.accounts.tenant();
      const disabled = await phone.accounts.user(owner.tenantId, 'member');
      await phone.accounts.updateUser(disabled.userId, { enabled: false });
      const answers = [];
      for (const userId of [stranger.userId, randomUUID(), disabled.userId]) {
        const response = await post(
          owner,
          receptionistBody({
            menu: {
              options: [
                { key: '1', action: { type: 'HANG_UP' } },
                { key: '2', action: { type: 'QUEUE', queueId: QUEUE_ID } },
                { key: '3', action: { type: 'USER', userId } },
              ],
            },
          }),
        ).expect(400);
        answers.push({ message: response.body.message, details: response.body.details });
      }
      expect(answers[0]).toEqual({
        message: 'Invalid request: menu.options[2].action.userId is not valid.',
        details: [{ field: 'menu.options[2].action.userId', message: 'no enabled user of your tenant has this id' }],
      });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it('checks users in sub-menus, voicemail boxes, invalid-key and after-hours actions, and recordings in greetings and prompts', async () => {
      const owner = await phone.accounts.tenant();
      const stranger = await phone.accounts.tenant();
      const foreignRecording = await recordingOf(stranger.tenantId);
      const response = await post(
        owner,
        receptionistBody({
          greeting: { type: 'RECORDING', recordingId: foreignRecording },
          menu: {
            prompt: { type: 'RECORDING', recordingId: randomUUID() },
            options: [
              { key: '1', action: { type: 'USER', userId: owner.userId } },
              {
                key: '2',
                action: {
                  type: 'SUB_MENU',
                  menu: { options: [{ key: '1', action: { type: 'VOICEMAIL', userId: stranger.userId } }] },
                },
              },
            ],
            invalidKeyAction: { type: 'USER', userId: stranger.userId },
          },
          afterHours: { type: 'VOICEMAIL', userId: stranger.userId },
        }),
      ).expect(400);
      expect(response.body.details).toEqual([
        { field: 'greeting.recordingId', message: 'no recording of your tenant has this id' },
        { field: 'menu.prompt.recordingId', message: 'no recording of your tenant has this id' },
        {
          field: 'menu.options[1].action.menu.options[0].action.userId',
          message: 'no enabled user of your tenant has this id',
        },
        { field: 'menu.invalidKeyAction.userId', message: 'no enabled user of your tenant has this id' },
        { field: 'afterHours.userId', message: 'no enabled user of your tenant has this id' },
      ]);
      expect(await phone.prisma.autoReceptionist.count({ where: { tenantId: owner.tenantId } })).toBe(0);

      const ownRecording = await recordingOf(owner.tenantId);
      await created(owner, { greeting: { type: 'RECORDING', recordingId: ownRecording } });
    });

    it('checks targets on PATCH too, only for the fields sent', async () => {
      const owner = await phone.accounts.tenant();
      const stranger = await phone.accounts.tenant();
      const receptionist = await created(owner);
      const bad = await phone
        .http()
        .patch(`${AR}/${receptionist.id}`)
        .set('X-API-KEY', owner.apiKey)
        .send({ afterHours: { type: 'USER', userId: stranger.userId } })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['afterHours.userId']);
      const after = await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(after.body.afterHours).toEqual(receptionist.afterHours);
    });
  });

  describe('delete', () => {
    it('deletes with 204, then answers 404', async () => {
      const owner = await phone.accounts.tenant();
      const receptionist = await created(owner);
      const removed = await phone.http().delete(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(204);
      expect(removed.text).toBe('');
      await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(404);
      await phone.http().delete(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(404);
    });

    it('refuses (409, naming them) while phone numbers route to it; deletes once they route elsewhere', async () => {
      const owner = await phone.accounts.tenant();
      const receptionist = await created(owner, { name: 'Hotline' });
      const numbers = [];
      for (const number of ['+4930901820', '+14155550123']) {
        const made = await phone
          .http()
          .post(NUMBERS)
          .set('X-API-KEY', owner.apiKey)
          .send({ number, route: { type: 'AUTO_RECEPTIONIST', targetId: receptionist.id } })
          .expect(201);
        numbers.push(made.body);
      }
      const refusedDelete = await phone
        .http()
        .delete(`${AR}/${receptionist.id}`)
        .set('X-API-KEY', owner.apiKey)
        .expect(409);
      expect(refusedDelete.body.message).toBe(
        "The auto-receptionist 'Hotline' still answers +14155550123, +4930901820: route those phone numbers elsewhere first.",
      );
      expect(refusedDelete.body.details).toEqual([
        { field: 'phoneNumbers', message: `+14155550123 (${numbers[1].id}) routes here` },
        { field: 'phoneNumbers', message: `+4930901820 (${numbers[0].id}) routes here` },
      ]);
      await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(200);

      for (const number of numbers) {
        await phone
          .http()
          .patch(`${NUMBERS}/${number.id}`)
          .set('X-API-KEY', owner.apiKey)
          .send({ route: { type: 'UNASSIGNED' } })
          .expect(200);
      }
      await phone.http().delete(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(204);
    });

    it('never leaves a number routed to a deleted receptionist, whatever the interleaving', async () => {
      const owner = await phone.accounts.tenant();
      const receptionist = await created(owner);
      const routes = Array.from({ length: 6 }, (_, index) =>
        phone
          .http()
          .post(NUMBERS)
          .set('X-API-KEY', owner.apiKey)
          .send({ number: `+4930900100${index}`, route: { type: 'AUTO_RECEPTIONIST', targetId: receptionist.id } })
          .then((response) => response.status),
      );
      const deletion = phone
        .http()
        .delete(`${AR}/${receptionist.id}`)
        .set('X-API-KEY', owner.apiKey)
        .then((response) => response.status);
      const [deleted, ...routed] = await Promise.all([deletion, ...routes]);

      expect([204, 409]).toContain(deleted);
      routed.forEach((status) => expect([201, 400]).toContain(status));
      const stillExists = (await phone.prisma.autoReceptionist.count({ where: { id: receptionist.id } })) === 1;
      const pointing = await phone.prisma.phoneNumber.count({ where: { routeTargetId: receptionist.id } });
      expect(stillExists).toBe(deleted === 409);
      if (!stillExists) expect(pointing).toBe(0);
      expect(pointing).toBe(routed.filter((status) => status === 201).length);
    });
  });

  describe('tenancy and permissions', () => {
    it('answers another tenant’s receptionist like a missing one on every route, and changes nothing', async () => {
      const owner = await phone.accounts.tenant();
      const receptionist = await created(owner, { name: 'Private' });
      const stranger = await phone.accounts.tenant();
      const requests = [
        (id: string) => phone.http().get(`${AR}/${id}`),
        (id: string) => phone.http().get(`${AR}/${id}/route?at=2026-03-30T07:30:00Z&key=1`),
        (id: string) =>
          phone
            .http()
            .put(`${AR}/${id}`)
            .send(receptionistBody({ name: 'Taken over' })),
        (id: string) => phone.http().patch(`${AR}/${id}`).send({ name: 'Taken over' }),
        (id: string) => phone.http().delete(`${AR}/${id}`),
      ];
      for (const request of requests) {
        const missingId = randomUUID();
        const foreign = await request(receptionist.id).set('X-API-KEY', stranger.apiKey);
        const missing = await request(missingId).set('X-API-KEY', stranger.apiKey);
        expect(foreign.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(foreign.body.message.replace(receptionist.id, '<id>')).toBe(
          missing.body.message.replace(missingId, '<id>'),
        );
        expect(foreign.body.details).toEqual(missing.body.details);
      }
      const list = await phone.http().get(AR).set('X-API-KEY', stranger.apiKey).expect(200);
      expect(list.body.data).toEqual([]);
      const unchanged = await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(unchanged.body).toEqual(receptionist);
    });

    it('lets a viewer read and route but refuses every write with 403', async () => {
      const owner = await phone.accounts.tenant();
      const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
      const receptionist = await created(owner);
      await phone.http().get(AR).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().get(`${AR}/${receptionist.id}/route`).set('X-API-KEY', viewer.apiKey).expect(200);
      await phone.http().post(AR).set('X-API-KEY', viewer.apiKey).send(receptionistBody()).expect(403);
      await phone
        .http()
        .put(`${AR}/${receptionist.id}`)
        .set('X-API-KEY', viewer.apiKey)
        .send(receptionistBody())
        .expect(403);
      await phone
        .http()
        .patch(`${AR}/${receptionist.id}`)
        .set('X-API-KEY', viewer.apiKey)
        .send({ name: 'x' })
        .expect(403);
      await phone.http().delete(`${AR}/${receptionist.id}`).set('X-API-KEY', viewer.apiKey).expect(403);
      const unchanged = await phone.http().get(`${AR}/${receptionist.id}`).set('X-API-KEY', owner.apiKey).expect(200);
      expect(unchanged.body).toEqual(receptionist);
    });

    it('answers 401 without credentials and 400 for an id that is not a UUID', async () => {
      await phone.http().get(AR).expect(401);
      const owner = await phone.accounts.tenant();
      const bad = await phone.http().get(`${AR}/not-a-uuid`).set('X-API-KEY', owner.apiKey).expect(400);
      expect(bad.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });

  it('documents the polymorphic actions in the OpenAPI reference', async () => {
    const document = await phone.http().get('/v1/phone-system/docs/openapi.json').expect(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining([AR, `${AR}/{id}`, `${AR}/{id}/route`]));
    const option = document.body.components.schemas.MenuOption;
    expect(option.properties.action.discriminator.propertyName).toBe('type');
    expect(option.properties.action.oneOf).toHaveLength(7);
    expect(document.body.components.schemas.QueueAction.properties.queueId.description).toMatch(/Call Queue/);
  });
});
