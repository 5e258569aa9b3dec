import { AccountHubFixture, signUpAndLogIn, startAccountHub } from '../../testing/account-hub.fixture';

const TOKENS = '/v1/account-hub/auth/tokens';
const ME = '/v1/account-hub/users/me';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST/DELETE /auth/tokens', () => {
  let hub: AccountHubFixture;

  beforeAll(async () => {
    // Short lifetimes so expiry is observable; the defaults stay 60 s and 600 s.
    hub = await startAccountHub({ ACCESS_TOKEN_TTL_SECONDS: '1', REFRESH_TOKEN_TTL_SECONDS: '4' });
  });
  afterAll(() => hub.close());

  it('logs in with email and password and returns the pair with expiry instants', async () => {
    const { email, password } = await signUpAndLogIn(hub);
    const before = Date.now();
    const response = await hub.http().post(TOKENS).send({ email: email.toUpperCase(), password }).expect(201);
    expect(Object.keys(response.body).sort()).toEqual([
      'accessToken',
      'accessTokenExpiresAt',
      'refreshToken',
      'refreshTokenExpiresAt',
    ]);
    expect(response.body.accessTokenExpiresAt).toBeGreaterThanOrEqual(before + 1_000);
    expect(response.body.refreshTokenExpiresAt).toBeGreaterThanOrEqual(before + 4_000);
    const me = await hub.http().get(ME).set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body.user.email).toBe(email);
    expect(me.body.authenticatedWith).toBe('bearer');
  });

  it('takes the path with the trailing slash the reference writes (POST /auth/tokens/)', async () => {
    const { email, password } = await signUpAndLogIn(hub);
    const response = await hub.http().post(`${TOKENS}/`).send({ email, password }).expect(201);
    expect(response.body.accessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password, an unknown email and a half-filled body', async () => {
    const { email } = await signUpAndLogIn(hub);
    const wrong = await hub.http().post(TOKENS).send({ email, password: 'not the password' }).expect(401);
    expect(wrong.body).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    await hub.http().post(TOKENS).send({ email: 'nobody@example.test', password: 'whatever1' }).expect(401);
    const half = await hub.http().post(TOKENS).send({ email }).expect(400);
    expect(half.body.details).toContainEqual({ field: 'password', message: 'password is required to log in' });
    await hub.http().post(TOKENS).send({ email, password: 'x', refreshToken: 'y' }).expect(400);
  });

  it('rotates the refresh token, and a retired one presented again revokes the whole chain', async () => {
    const session = await signUpAndLogIn(hub);
    const first = await hub.http().post(TOKENS).send({ refreshToken: session.refreshToken }).expect(201);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const second = await hub.http().post(TOKENS).send({ refreshToken: first.body.refreshToken }).expect(201);

    // The original token was retired by the first refresh: presenting it again is a reuse.
    const reuse = await hub.http().post(TOKENS).send({ refreshToken: session.refreshToken }).expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    // ...which revoked the chain: the newest token no longer works either.
    await hub.http().post(TOKENS).send({ refreshToken: second.body.refreshToken }).expect(401);
  });

  it('logs out: the chain is revoked, and logging out twice is fine', async () => {
    const session = await signUpAndLogIn(hub);
    await hub.http().delete(TOKENS).send({ refreshToken: session.refreshToken }).expect(204);
    await hub.http().post(TOKENS).send({ refreshToken: session.refreshToken }).expect(401);
    await hub.http().delete(TOKENS).send({ refreshToken: session.refreshToken }).expect(204);
  });

  it('refuses the access token after its lifetime, and the refresh token after its own', async () => {
    const session = await signUpAndLogIn(hub);
    await hub.http().get(ME).set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    // 1 s lifetime + 2 s tolerated clock skew.
    await sleep(3_300);
    const expired = await hub.http().get(ME).set('Authorization', `Bearer ${session.accessToken}`).expect(401);
    expect(expired.body.message).toMatch(/expired/);
    await sleep(1_000);
    await hub.http().post(TOKENS).send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('refuses tampered, foreign and malformed bearer tokens', async () => {
    const session = await signUpAndLogIn(hub);
    const [header, payload] = session.accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    await hub.http().get(ME).set('Authorization', `Bearer ${forged}`).expect(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await hub.http().get(ME).set('Authorization', `Bearer ${none}`).expect(401);
    const basic = await hub.http().get(ME).set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
    expect(basic.body.message).toMatch(/Bearer/);
    await hub.http().get(ME).expect(401);
  });

  it('ends the sessions of a user who is disabled', async () => {
    const owner = await hub.accounts.tenant();
    const created = await hub
      .http()
      .post('/v1/account-hub/users')
      .set('X-API-KEY', owner.apiKey)
      .send({
        email: `member-${Date.now()}@example.test`,
        password: 'member password',
        firstName: 'Mia',
        lastName: 'Member',
      })
      .expect(201);
    const member = await hub
      .http()
      .post(TOKENS)
      .send({ email: created.body.email, password: 'member password' })
      .expect(201);
    await hub
      .http()
      .patch(`/v1/account-hub/users/${created.body.id}`)
      .set('X-API-KEY', owner.apiKey)
      .send({ enabled: false })
      .expect(200);
    await hub.http().get(ME).set('Authorization', `Bearer ${member.body.accessToken}`).expect(401);
    await hub.http().post(TOKENS).send({ refreshToken: member.body.refreshToken }).expect(401);
    await hub.http().post(TOKENS).send({ email: created.body.email, password: 'member password' }).expect(401);
  });
});

describe('rate limits of the Account Hub', () => {
  it('limits logins per client address: 429 with Retry-After past the limit', async () => {
    const hub = await startAccountHub({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const login = (address: string) =>
        hub
          .http()
          .post(TOKENS)
          .set('X-Forwarded-For', address)
          .send({ email: 'nobody@example.test', password: 'whatever1' });
      for (let i = 0; i < 3; i++) expect((await login('192.0.2.1')).status).toBe(401);
      const limited = await login('192.0.2.1');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ status: 429, error: 'TOO_MANY_REQUESTS' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['ratelimit-limit']).toBe('3');
      expect((await login('192.0.2.2')).status).toBe(401);
    } finally {
      await hub.close();
    }
  });

  it('limits an API key across its requests', async () => {
    const hub = await startAccountHub({ RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const owner = await hub.accounts.tenant();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await hub.http().get(ME).set('X-API-KEY', owner.apiKey)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await hub.close();
    }
  });
});
