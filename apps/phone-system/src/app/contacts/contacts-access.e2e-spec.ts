import type { SeededUser } from '@diallink/testing';
import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';
import { CONTACTS, ContactBody, contactsAs } from './testing/contacts-api';

type Method = 'get' | 'put' | 'patch' | 'delete';
/** Every route that takes a contact id, with a body that would succeed on a visible contact. */
const ID_ROUTES: [Method, object?][] = [
  ['get'],
  ['put', { firstName: 'Changed', shared: true }],
  ['patch', { firstName: 'Changed' }],
  ['delete'],
];

/** A 404 body with the request id blanked, to compare two answers. */
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: '' });

describe('/v1/phone-system/contacts: who sees and changes what', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  describe('private and shared contacts within a tenant', () => {
    let owner: SeededUser;
    let member: SeededUser;
    let mine: ReturnType<typeof contactsAs>;
    let theirs: ReturnType<typeof contactsAs>;

    beforeEach(async () => {
      owner = await phone.accounts.tenant({ role: 'member' });
      member = await phone.accounts.user(owner.tenantId, 'member');
      mine = contactsAs(phone, owner);
      theirs = contactsAs(phone, member);
    });

    it('hides a private contact from everyone but its owner: absent from lists and counts, 404 on every route', async () => {
      const secret = await mine.create({
        firstName: 'Secret',
        lastName: 'Lover',
        phoneNumbers: [{ phoneNumber: '+17175501675' }],
      });
      const shared = await mine.create({ firstName: 'Public', lastName: 'Figure', shared: true });

      expect((await mine.ids('sort=firstName')).sort()).toEqual([secret.id, shared.id].sort());
      const theirList = await theirs.call('get').expect(200);
      expect(theirList.body.data.map((c: ContactBody) => c.id)).toEqual([shared.id]);
      expect(theirList.body.paging.totalNumberOfRecords).toBe(1);
      expect(await theirs.ids('fullName=like::Secret')).toEqual([]);
      expect(await theirs.ids(`filter=eq(id,${secret.id})`)).toEqual([]);
      expect(await theirs.ids('phoneNumbers.phoneNumber=like::1675')).toEqual([]);
      const counted = await theirs.call('get', '?pageSize=1&count=exact&shared=false').expect(200);
      expect(counted.body.paging.totalNumberOfRecords).toBe(0);

      const missing = crypto.randomUUID();
      for (const [method, body] of ID_ROUTES) {
        const hidden = await theirs.call(method, `/${secret.id}`).send(body);
        const absent = await theirs.call(method, `/${missing}`).send(body);
        expect([method, hidden.status]).toEqual([method, 404]);
        expect(withoutRequestId(hidden.body)).toEqual(withoutRequestId(absent.body));
      }
      const untouched = await mine.call('get', `/${secret.id}`).expect(200);
      expect(untouched.body).toEqual(secret);
    });

    it('lets anyone with write access change and delete a shared contact; only its owner changes shared', async () => {
      const shared = await mine.create({ firstName: 'Team', lastName: 'Contact', shared: true });
      const patched = await theirs
        .call('patch', `/${shared.id}`)
        .send({ favorite: true, lastName: 'Changed' })
        .expect(200);
      expect(patched.body).toMatchObject({ shared: true, favorite: true, lastName: 'Changed' });

      const unshare = await theirs.call('patch', `/${shared.id}`).send({ shared: false }).expect(403);
      expect(unshare.body).toMatchObject({ error: 'FORBIDDEN', message: expect.stringMatching(/owner/) });
      // PUT clears what it omits: without shared: true it would make the contact private.
      await theirs.call('put', `/${shared.id}`).send({ firstName: 'Team' }).expect(403);
      const replaced = await theirs.call('put', `/${shared.id}`).send({ firstName: 'Team', shared: true }).expect(200);
      expect(replaced.body).toMatchObject({ firstName: 'Team', lastName: null, shared: true });

      await mine.call('patch', `/${shared.id}`).send({ shared: false }).expect(200);
      await theirs.call('get', `/${shared.id}`).expect(404);
      await mine.call('patch', `/${shared.id}`).send({ shared: true }).expect(200);
      await theirs.call('delete', `/${shared.id}`).expect(204);
      await mine.call('get', `/${shared.id}`).expect(404);
    });
  });

  describe('a phone number already on another contact', () => {
    let owner: SeededUser;
    let api: ReturnType<typeof contactsAs>;

    beforeEach(async () => {
      owner = await phone.accounts.tenant();
      api = contactsAs(phone, owner);
    });

    it('is a 409 naming the contact (id and name); forceSave: true saves both', async () => {
      const sophia = await api.create({
        firstName: 'Sophia',
        lastName: 'Brooks',
        phoneNumbers: [{ phoneNumber: '+17175501675' }],
      });
      const body = {
        firstName: 'Other',
        phoneNumbers: [{ phoneNumber: '+4930123456' }, { phoneNumber: '+1 717-550-1675' }],
      };

      const conflict = await api.call('post').send(body).expect(409);
      expect(conflict.body).toEqual({
        status: 409,
        error: 'CONFLICT',
        message: `Phone number +17175501675 is already on contact "Sophia Brooks" (${sophia.id}). Send "forceSave": true to save the contact anyway.`,
        details: [
          {
            field: 'phoneNumbers[1].phoneNumber',
            message: `+17175501675 is already on contact "Sophia Brooks" (${sophia.id})`,
          },
        ],
        requestId: expect.any(String),
      });
      expect(await api.ids('fullName=Other')).toEqual([]);

      const forced = await api
        .call('post')
        .send({ ...body, forceSave: true })
        .expect(201);
      expect(forced.body.forceSave).toBe(false);
      expect(forced.body.phoneNumbers.map((p: { phoneNumber: string }) => p.phoneNumber)).toEqual([
        '+4930123456',
        '+17175501675',
      ]);
      expect((await api.ids('phoneNumbers.phoneNumber=%2B17175501675')).sort()).toEqual(
        [sophia.id, forced.body.id].sort(),
      );

      // Numbers a contact already holds are not checked again; adding one is.
      await api
        .call('put', `/${forced.body.id}`)
        .send({ firstName: 'Other', phoneNumbers: [{ phoneNumber: '+17175501675' }] })
        .expect(200);
      const company = await api.create({
        companyName: 'Lane Enterprise',
        phoneNumbers: [{ phoneNumber: '+33123456789' }],
      });
      const added = await api
        .call('patch', `/${sophia.id}`)
        .send({ phoneNumbers: [{ phoneNumber: '+17175501675' }, { phoneNumber: '+33 1 23 45 67 89' }] })
        .expect(409);
      expect(added.body.message).toContain(`"Lane Enterprise" (${company.id})`);
      expect(added.body.details).toEqual([
        { field: 'phoneNumbers[1].phoneNumber', message: expect.stringContaining(company.id) },
      ]);
      await api
        .call('patch', `/${sophia.id}`)
        .send({ phoneNumbers: [{ phoneNumber: '+17175501675' }, { phoneNumber: '+33123456789' }], forceSave: true })
        .expect(200);
    });

    it('does not name another user’s private contact', async () => {
      const colleague = await phone.accounts.user(owner.tenantId, 'member');
      const hidden = await contactsAs(phone, colleague).create({
        firstName: 'Hidden',
        lastName: 'Person',
        phoneNumbers: [{ phoneNumber: '+12025550143' }],
      });

      const conflict = await api
        .call('post')
        .send({ firstName: 'Mine', phoneNumbers: [{ phoneNumber: '(202) 555-0143' }], country: 'US' })
        .expect(409);
      const text = JSON.stringify(conflict.body);
      expect(text).not.toContain(hidden.id);
      expect(text).not.toContain('Hidden');
      expect(conflict.body.message).toMatch(/another contact of your organisation, one you cannot see.*forceSave/);
      expect(conflict.body.details).toEqual([
        { field: 'phoneNumbers[0].phoneNumber', message: expect.stringMatching(/cannot see/) },
      ]);

      // Once it is shared, it is named.
      await contactsAs(phone, colleague).call('patch', `/${hidden.id}`).send({ shared: true }).expect(200);
      const named = await api
        .call('post')
        .send({ firstName: 'Mine', phoneNumbers: [{ phoneNumber: '+12025550143' }] })
        .expect(409);
      expect(named.body.message).toContain(`"Hidden Person" (${hidden.id})`);
      await api
        .call('post')
        .send({ firstName: 'Mine', phoneNumbers: [{ phoneNumber: '+12025550143' }], forceSave: true })
        .expect(201);
    });

    it('lets exactly one of two simultaneous requests add the same new number', async () => {
      const body = (name: string) => ({ firstName: name, phoneNumbers: [{ phoneNumber: '+49891234567' }] });
      const answers = await Promise.all([api.call('post').send(body('One')), api.call('post').send(body('Two'))]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(
        await phone.prisma.contactPhoneNumber.count({
          where: { tenantId: owner.tenantId, phoneNumber: '+49891234567' },
        }),
      ).toBe(1);
    });

    it('is per tenant: another tenant may hold the same number', async () => {
      await api.create({ firstName: 'Here', phoneNumbers: [{ phoneNumber: '+17175501675' }] });
      const other = await phone.accounts.tenant();
      const there = await contactsAs(phone, other)
        .call('post')
        .send({ firstName: 'There', phoneNumbers: [{ phoneNumber: '+17175501675' }] })
        .expect(201);
      expect(there.body.phoneNumbers[0].phoneNumber).toBe('+17175501675');
    });
  });

  it('answers tenant B for every id of tenant A exactly like a missing id, and changes nothing of A', async () => {
    const a = await phone.accounts.tenant();
    const b = await phone.accounts.tenant();
    const asA = contactsAs(phone, a);
    const asB = contactsAs(phone, b);
    const contact = await asA.create({
      firstName: 'Only',
      lastName: 'InA',
      shared: true,
      phoneNumbers: [{ phoneNumber: '+17175501675' }],
      emails: [{ email: 'only@a.test' }],
    });
    const missing = crypto.randomUUID();
    for (const [method, body] of ID_ROUTES) {
      const foreign = await asB.call(method, `/${contact.id}`).send(body);
      const absent = await asB.call(method, `/${missing}`).send(body);
      expect([method, foreign.status]).toEqual([method, 404]);
      expect(withoutRequestId(foreign.body)).toEqual(withoutRequestId(absent.body));
    }
    // PATCH with a list of A's item ids: still 404, not a 400 that would reveal them.
    const items = await asB
      .call('patch', `/${contact.id}`)
      .send({ emails: [{ id: contact.emails[0].id, email: 'x@b.test' }] });
    expect(items.status).toBe(404);

    expect(await asB.ids('')).toEqual([]);
    expect(await asB.ids('phoneNumbers.phoneNumber=like::1675')).toEqual([]);
    expect(await asB.ids(`id=${contact.id}`)).toEqual([]);
    const stillThere = await asA.call('get', `/${contact.id}`).expect(200);
    expect(stillThere.body).toEqual(contact);
    expect(await asA.ids('')).toEqual([contact.id]);
  });

  it('lets a viewer’s key read (200) and refuses every write (403), changing nothing', async () => {
    const owner = await phone.accounts.tenant();
    const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
    const contact = await contactsAs(phone, owner).create({
      firstName: 'Shared',
      shared: true,
      phoneNumbers: [{ phoneNumber: '+17175501675' }],
    });
    const asViewer = contactsAs(phone, viewer);

    const list = await asViewer.call('get').expect(200);
    expect(list.body.data.map((c: ContactBody) => c.id)).toEqual([contact.id]);
    await asViewer.call('get', `/${contact.id}`).expect(200);
    await asViewer.call('get', '?filter=AND(eq(firstName,Shared),like(phoneNumbers.phoneNumber,1675))').expect(200);

    const writes: [string, 'post' | Method, string, object?][] = [
      ['create', 'post', '', { firstName: 'New' }],
      ['replace', 'put', `/${contact.id}`, { firstName: 'X', shared: true }],
      ['change', 'patch', `/${contact.id}`, { firstName: 'X' }],
      ['delete', 'delete', `/${contact.id}`],
      ['create (invalid body)', 'post', '', { nickname: 'x' }],
    ];
    for (const [what, method, path, body] of writes) {
      const response = await asViewer.call(method, path).send(body);
      expect([what, response.status, response.body.error]).toEqual([what, 403, 'FORBIDDEN']);
      expect(response.body.message).toContain('phone-system:contacts:write');
    }
    const after = await contactsAs(phone, owner).call('get', `/${contact.id}`).expect(200);
    expect(after.body).toEqual(contact);
  });

  it('refuses callers without a key (401) and tenants without the Phone System (403)', async () => {
    const anonymous = await phone.http().get(CONTACTS).expect(401);
    expect(anonymous.body.error).toBe('UNAUTHORIZED');
    const obsOnly = await phone.accounts.tenant({ products: ['OBS'] });
    const refused = await contactsAs(phone, obsOnly).call('get').expect(403);
    expect(refused.body.message).toMatch(/Phone System/);
  });
});
