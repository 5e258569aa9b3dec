import { PhoneSystemFixture, startPhoneSystem } from '../../testing/phone-system.fixture';

const USERS = '/v1/phone-system/users';

describe('/v1/phone-system/users', () => {
  let phone: PhoneSystemFixture;

  beforeAll(async () => {
    phone = await startPhoneSystem();
  });
  afterAll(() => phone.close());

  it('answers the reference’s Quick Start request with its user shape and paging', async () => {
    const owner = await phone.accounts.tenant();
    // As the Account Hub would tell of it: an event the read model applies.
    await phone.accounts.updateUser(owner.userId, { firstName: 'John', lastName: 'Doe', jobTitle: 'CEO' });
    const response = await phone
      .http()
      .get(USERS)
      .set('Accept', 'application/json')
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(response.body).toEqual({
      data: [
        {
          id: owner.userId,
          status: { status: 'OFFLINE' },
          email: owner.email,
          firstName: 'John',
          lastName: 'Doe',
          jobTitle: 'CEO',
          admin: true,
          parallelCallsEnabled: false,
        },
      ],
      paging: {
        pageNumber: 1,
        pageSize: 20,
        totalNumberOfRecords: 1,
        totalNumberOfPages: 1,
        hasNextPage: false,
        hasPreviousPage: false,
        sortingCriteria: null,
        hasMore: false,
      },
    });
  });

  it('pages with ?pageSize=1 as the Quick Start shows', async () => {
    const owner = await phone.accounts.tenant();
    await phone.accounts.user(owner.tenantId, 'member');
    const response = await phone.http().get(`${USERS}?pageSize=1`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(response.body.data).toHaveLength(1);
    expect(response.body.paging).toMatchObject({
      pageSize: 1,
      totalNumberOfRecords: 2,
      totalNumberOfPages: 2,
      hasNextPage: true,
      hasMore: true,
    });
  });

  it('changes presence and call settings with PATCH, and filters by them', async () => {
    const owner = await phone.accounts.tenant();
    const member = await phone.accounts.user(owner.tenantId, 'member', { firstName: 'Mia', lastName: 'Busy' });
    const patched = await phone
      .http()
      .patch(`${USERS}/${member.userId}`)
      .set('X-API-KEY', member.apiKey)
      .send({ status: { status: 'BUSY' }, parallelCallsEnabled: true })
      .expect(200);
    expect(patched.body).toMatchObject({ status: { status: 'BUSY' }, parallelCallsEnabled: true, admin: false });
    const onlyStatus = await phone
      .http()
      .patch(`${USERS}/${member.userId}`)
      .set('X-API-KEY', member.apiKey)
      .send({ status: { status: 'AWAY' } })
      .expect(200);
    expect(onlyStatus.body).toMatchObject({ status: { status: 'AWAY' }, parallelCallsEnabled: true });

    const away = await phone.http().get(`${USERS}?status=away`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(away.body.data.map((u: { id: string }) => u.id)).toEqual([member.userId]);
    const offline = await phone.http().get(`${USERS}?status=OFFLINE`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(offline.body.data.map((u: { id: string }) => u.id)).toEqual([owner.userId]);
    const admins = await phone.http().get(`${USERS}?admin=true`).set('X-API-KEY', owner.apiKey).expect(200);
    expect(admins.body.data.map((u: { id: string }) => u.id)).toEqual([owner.userId]);
    const named = await phone
      .http()
      .get(`${USERS}?fullName=like::mia&sort=-status`)
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
    expect(named.body.data.map((u: { id: string }) => u.id)).toEqual([member.userId]);
    expect(named.body.paging.sortingCriteria).toBe('-status');
  });

  it('refuses unknown presence values and fields with 400', async () => {
    const owner = await phone.accounts.tenant();
    const bad = await phone
      .http()
      .patch(`${USERS}/${owner.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ status: { status: 'SLEEPING' } })
      .expect(400);
    expect(bad.body.details[0].field).toBe('status.status');
    await phone
      .http()
      .patch(`${USERS}/${owner.userId}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ email: 'new@x.test' })
      .expect(400);
    await phone.http().get(`${USERS}?status=sleeping`).set('X-API-KEY', owner.apiKey).expect(400);
  });

  it('lets a viewer read and refuses the write; another tenant’s user is a missing one', async () => {
    const owner = await phone.accounts.tenant();
    const viewer = await phone.accounts.user(owner.tenantId, 'viewer');
    await phone.http().get(`${USERS}/${owner.userId}`).set('X-API-KEY', viewer.apiKey).expect(200);
    await phone
      .http()
      .patch(`${USERS}/${viewer.userId}`)
      .set('X-API-KEY', viewer.apiKey)
      .send({ status: { status: 'ONLINE' } })
      .expect(403);

    const other = await phone.accounts.tenant();
    for (const [method, body] of [
      ['get', undefined],
      ['patch', { status: { status: 'BUSY' } }],
    ] as const) {
      const foreign = await phone.http()[method](`${USERS}/${owner.userId}`).set('X-API-KEY', other.apiKey).send(body);
      expect(foreign.status).toBe(404);
    }
    const settings = await phone.prisma.userSettings.findUnique({ where: { userId: owner.userId } });
    expect(settings?.presence ?? 'OFFLINE').toBe('OFFLINE');
    const list = await phone.http().get(USERS).set('X-API-KEY', other.apiKey).expect(200);
    expect(list.body.data.map((u: { id: string }) => u.id)).toEqual([other.userId]);
  });

  it('refuses a tenant without the Phone System subscription', async () => {
    const owner = await phone.accounts.tenant({ products: ['OBS'] });
    const response = await phone.http().get(USERS).set('X-API-KEY', owner.apiKey).expect(403);
    expect(response.body.message).toMatch(/Phone System/);
  });
});
