import { startAccountHub, AccountHubFixture } from '../../testing/account-hub.fixture';

const KEYS = '/v1/account-hub/api-keys';

describe('API keys per user', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    hub = await startAccountHub({ MAX_API_KEYS_PER_USER: '3' });
  });
  afterAll(() => hub.close());

  it('stops at the configured number of keys per user, even when requests race for the last one', async () => {
    const member = await hub.accounts.tenant({ role: 'member' });
    const create = (name: string) =>
      hub.http().post(KEYS).set('X-API-KEY', member.apiKey).send({ name, enabled: true });
    // The factory's key is the first of three.
    const raced = await Promise.all([create('a'), create('b'), create('c'), create('d')]);
    expect(raced.map((response) => response.status).sort()).toEqual([201, 201, 409, 409]);
    const refused = await create('e').expect(409);
    expect(refused.body.message).toMatch(/most one user may/);
    // Another user of the tenant has a quota of their own; a deleted key frees a place.
    const other = await hub.accounts.user(member.tenantId, 'member');
    await hub.http().post(KEYS).set('X-API-KEY', other.apiKey).send({ name: 'x', enabled: true }).expect(201);
    // Whichever two requests won the race, their keys are the ones listed.
    const won = raced.filter((response) => response.status === 201).map((response) => response.body.name);
    const mine = await hub.http().get(`${KEYS}?name=${won[0]}`).set('X-API-KEY', member.apiKey).expect(200);
    expect(mine.body.data).toHaveLength(1);
    const first = mine.body.data[0].id;
    await hub.http().delete(`${KEYS}/${first}`).set('X-API-KEY', member.apiKey).expect(204);
    await create('f').expect(201);
  });
});
