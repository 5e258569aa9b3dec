import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Public } from '@diallink/common';
import { DbModule } from '@diallink/db';
import {
  AccountFactory,
  TestDatabase,
  TestkitDatabase,
  createTestDatabase,
  startTestApp,
  testSecrets,
} from '@diallink/testing';
import { AuthModule } from './auth.module';
import { Authorize, CurrentPrincipal, RateLimitByAddress } from './decorators';
import { Internal, signServiceToken } from './service-token';
import jwt from 'jsonwebtoken';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import passport from 'passport';
import { Client } from 'pg';
import { eventually } from '@diallink/testing';
import { AUTH_CHANNEL } from './auth-events';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './access-token';
import { Principal } from './principal';

@Controller('things')
class ThingsController {
  @Get()
  @Authorize('phone-system:contacts:read')
  list(@CurrentPrincipal() principal: Principal) {
    return { userId: principal.userId };
  }

  @Post()
  @Authorize('phone-system:contacts:write')
  create() {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Post('login')
  @Public()
  @RateLimitByAddress()
  login() {
    return { ok: true };
  }

  @Get('internal/ping')
  @Internal()
  internal() {
    return { ok: true };
  }
}

describe('ApiGuard: credentials, products, permissions and rate limits', () => {
  let database: TestDatabase;
  let accounts: AccountFactory;
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase();
    accounts = new AccountFactory(database.url);
    @Module({
      imports: [
        DbModule.forRoot({ database: TestkitDatabase, url: database.url, schema: 'testkit', poolMax: 2 }),
        AuthModule.forRoot({
          service: 'phone-system',
          serviceTokenSecret: testSecrets().SERVICE_TOKEN_SECRET,
          databaseUrl: database.url,
          product: 'PHONE_SYSTEM',
          jwtPublicKey: testSecrets().JWT_PUBLIC_KEY,
          apiKeyPepper: testSecrets().API_KEY_PEPPER,
          principalCacheMs: 30_000,
          rateLimit: { perPrincipal: 5, perAddress: 2, failuresPerAddress: 3, windowMs: 60_000 },
        }),
      ],
      controllers: [ThingsController],
    })
    class TestModule {}
    app = await startTestApp({ name: 'phone-system', title: 'T', description: 'T' }, { module: TestModule });
  });

  afterAll(async () => {
    await app.close();
    await accounts.close();
    await database.drop();
  });

  it('answers a route without credentials with 401 and the error body', async () => {
    const response = await http().get('/v1/phone-system/things').expect(401);
    expect(response.body).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    expect(response.body.message).toMatch(/X-API-KEY/);
  });

  it('answers concurrent requests of a key never seen before, each with its own principal', async () => {
    const owner = await accounts.tenant({ role: 'viewer' });
    const other = await accounts.user(owner.tenantId, 'viewer');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        http()
          .get('/v1/phone-system/things')
          .set('X-API-KEY', i % 2 ? other.apiKey : owner.apiKey),
      ),
    );
    expect(answers.map((a) => a.body.userId)).toEqual(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? other.userId : owner.userId)),
    );
  });

  it('lets public routes through without credentials', async () => {
    await http().get('/v1/phone-system/things/open').expect(200);
  });

  it('lets a viewer read and refuses every write with 403 naming the permission', async () => {
    const viewer = await accounts.tenant({ role: 'viewer' });
    await http().get('/v1/phone-system/things').set('X-API-KEY', viewer.apiKey).expect(200, { userId: viewer.userId });
    const write = await http().post('/v1/phone-system/things').set('X-API-KEY', viewer.apiKey).expect(403);
    expect(write.body).toMatchObject({ status: 403, error: 'FORBIDDEN' });
    expect(write.body.message).toContain('phone-system:contacts:write');
  });

  it('refuses a tenant without the service’s product with 403', async () => {
    const owner = await accounts.tenant({ products: ['OBS'] });
    const response = await http().get('/v1/phone-system/things').set('X-API-KEY', owner.apiKey).expect(403);
    expect(response.body.message).toMatch(/Phone System subscription/);
  });

  it('counts requests per API key with RateLimit headers, then 429 with Retry-After', async () => {
    const member = await accounts.tenant({ role: 'member' });
    const other = await accounts.user(member.tenantId, 'member');
    const first = await http().get('/v1/phone-system/things').set('X-API-KEY', member.apiKey).expect(200);
    expect(first.headers['ratelimit-limit']).toBe('5');
    expect(first.headers['ratelimit-remaining']).toBe('4');
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await http().get('/v1/phone-system/things').set('X-API-KEY', member.apiKey).expect(200);
    const limited = await http().get('/v1/phone-system/things').set('X-API-KEY', member.apiKey).expect(429);
    expect(limited.body).toMatchObject({ status: 429, error: 'TOO_MANY_REQUESTS' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    // Another key of the same tenant has a budget of its own.
    await http().get('/v1/phone-system/things').set('X-API-KEY', other.apiKey).expect(200);
  });

  it('opens an internal route to a service token addressed to this service, and to nothing else', async () => {
    const secret = testSecrets().SERVICE_TOKEN_SECRET;
    const route = '/v1/phone-system/things/internal/ping';
    await http()
      .get(route)
      .set('X-Service-Token', signServiceToken(secret, 'call-queue', 'phone-system'))
      .expect(200);
    for (const token of [
      signServiceToken(secret, 'call-queue', 'obs'),
      signServiceToken('another secret of 32 characters!!', 'call-queue', 'phone-system'),
      'x',
    ]) {
      const refused = await http().get(route).set('X-Service-Token', token).expect(401);
      expect(refused.body.message).toMatch(/service token/);
    }
    // A user's credentials do not open it either.
    const owner = await accounts.tenant();
    await http().get(route).set('X-API-KEY', owner.apiKey).expect(401);
  });

  it('counts every key of a user against one budget: more keys do not buy more requests', async () => {
    const member = await accounts.tenant({ role: 'member' });
    const second = await accounts.apiKey(member.userId);
    for (let i = 0; i < 3; i++) await http().get('/v1/phone-system/things').set('X-API-KEY', member.apiKey).expect(200);
    const fourth = await http().get('/v1/phone-system/things').set('X-API-KEY', second).expect(200);
    expect(fourth.headers['ratelimit-remaining']).toBe('1');
    await http().get('/v1/phone-system/things').set('X-API-KEY', second).expect(200);
    await http().get('/v1/phone-system/things').set('X-API-KEY', member.apiKey).expect(429);
  });

  it('refuses an address that keeps failing to authenticate, before looking its credential up', async () => {
    const guesser = '198.51.100.66';
    const unknown = `${crypto.randomUUID()}+${crypto.randomUUID()}`;
    for (let i = 0; i < 3; i++) {
      await http().get('/v1/phone-system/things').set('X-Forwarded-For', guesser).set('X-API-KEY', unknown).expect(401);
    }
    const refused = await http()
      .get('/v1/phone-system/things')
      .set('X-Forwarded-For', guesser)
      .set('X-API-KEY', unknown)
      .expect(429);
    expect(refused.body.message).toMatch(/failed authentications/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Even a good key from that address waits: the address is refused, whatever it sends.
    const owner = await accounts.tenant();
    await http()
      .get('/v1/phone-system/things')
      .set('X-Forwarded-For', guesser)
      .set('X-API-KEY', owner.apiKey)
      .expect(429);
    await http()
      .get('/v1/phone-system/things')
      .set('X-Forwarded-For', '198.51.100.67')
      .set('X-API-KEY', owner.apiKey)
      .expect(200);
  });

  it('refuses an access token without an expiry', async () => {
    const owner = await accounts.tenant();
    const forever = jwt.sign(
      { sub: owner.userId, tid: owner.tenantId, sid: crypto.randomUUID(), typ: 'access' },
      testSecrets().JWT_PRIVATE_KEY,
      {
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      },
    );
    await http()
      .get('/v1/phone-system/things')
      .set('X-Forwarded-For', '198.51.100.70')
      .set('Authorization', `Bearer ${forever}`)
      .expect(401);
    const expiring = jwt.sign(
      { sub: owner.userId, tid: owner.tenantId, sid: crypto.randomUUID(), typ: 'access' },
      testSecrets().JWT_PRIVATE_KEY,
      {
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn: 60,
      },
    );
    await http()
      .get('/v1/phone-system/things')
      .set('X-Forwarded-For', '198.51.100.70')
      .set('Authorization', `Bearer ${expiring}`)
      .expect(200);
  });

  it('counts a client by the address the trusted proxy saw, whatever it writes in X-Forwarded-For', async () => {
    // Behind one trusted hop the right-most address is the client's; the rest is the client's to write.
    for (let i = 0; i < 2; i++) {
      await http()
        .post('/v1/phone-system/things/login')
        .set('X-Forwarded-For', `10.9.9.${i}, 198.51.100.30`)
        .expect(201);
    }
    await http().post('/v1/phone-system/things/login').set('X-Forwarded-For', '10.9.9.99, 198.51.100.30').expect(429);
  });

  it('limits public credential routes per client address', async () => {
    await http().post('/v1/phone-system/things/login').set('X-Forwarded-For', '198.51.100.7').expect(201);
    await http().post('/v1/phone-system/things/login').set('X-Forwarded-For', '198.51.100.7').expect(201);
    await http().post('/v1/phone-system/things/login').set('X-Forwarded-For', '198.51.100.7').expect(429);
    await http().post('/v1/phone-system/things/login').set('X-Forwarded-For', '198.51.100.8').expect(201);
  });
  /** An access token as the Account Hub signs it, with `claims` over the usual ones. */
  const accessToken = (
    owner: { userId: string; tenantId: string },
    claims: Record<string, unknown> = {},
    options: jwt.SignOptions = {},
  ) =>
    jwt.sign(
      { sub: owner.userId, tid: owner.tenantId, sid: crypto.randomUUID(), typ: 'access', ...claims },
      testSecrets().JWT_PRIVATE_KEY,
      {
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        ...('exp' in claims ? {} : { expiresIn: 60 }),
        ...options,
      },
    );
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses forged, foreign and expired bearer tokens, with the messages it always gave', async () => {
    const owner = await accounts.tenant();
    const good = accessToken(owner);
    const [, payload, signature] = good.split('.');
    const hs256Input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${payload}`;
    const cases: [string, string, string][] = [
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'The access token is not valid.'],
      [
        'HS256 signed with the public key',
        `${hs256Input}.${createHmac('sha256', testSecrets().JWT_PUBLIC_KEY).update(hs256Input).digest('base64url')}`,
        'The access token is not valid.',
      ],
      [
        'expired',
        accessToken(owner, { exp: Math.floor(Date.now() / 1000) - 10 }),
        'The access token has expired: refresh it at /v1/account-hub/auth/tokens.',
      ],
      [
        'tampered payload',
        `${good.split('.')[0]}.${b64({ ...jwt.decode(good, { json: true }), sub: crypto.randomUUID() })}.${signature}`,
        'The access token is not valid.',
      ],
      [
        'signed by another key',
        jwt.sign(
          { sub: owner.userId, tid: owner.tenantId, typ: 'access' },
          generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
          {
            algorithm: JWT_ALGORITHM,
            issuer: JWT_ISSUER,
            audience: JWT_AUDIENCE,
            expiresIn: 60,
          },
        ),
        'The access token is not valid.',
      ],
      ['for another audience', accessToken(owner, {}, { audience: 'someone-else' }), 'The access token is not valid.'],
      ['a refresh token', accessToken(owner, { typ: 'refresh' }), 'The access token is not valid.'],
      ['not yet valid', accessToken(owner, {}, { notBefore: 30 }), 'The access token is not valid.'],
    ];
    for (const [i, [name, token, message]] of cases.entries()) {
      const response = await http()
        .get('/v1/phone-system/things')
        .set('X-Forwarded-For', `198.51.100.${100 + i}`)
        .set('Authorization', `Bearer ${token}`);
      expect([name, response.status, response.body.message]).toEqual([name, 401, message]);
      expect(response.body).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    }
    // The good one, twice (verified, then remembered).
    for (let i = 0; i < 2; i++) {
      await http()
        .get('/v1/phone-system/things')
        .set('Authorization', `Bearer ${good}`)
        .expect(200, { userId: owner.userId });
    }
  });

  it('refuses a remembered bearer token within a second of its user being disabled', async () => {
    const owner = await accounts.tenant();
    const member = await accounts.user(owner.tenantId, 'member');
    const token = accessToken(member);
    const call = () =>
      http()
        .get('/v1/phone-system/things')
        .set('X-Forwarded-For', '198.51.100.120')
        .set('Authorization', `Bearer ${token}`);
    await call().expect(200);
    await call().expect(200);
    // As the Account Hub does: the change, and the notice of it.
    await accounts.updateUser(member.userId, { enabled: false });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, owner.tenantId]).finally(() => client.end());
    await eventually(1_000, async () => (await call()).status === 401);
    const refused = await call().expect(401);
    expect(refused.body.message).toBe('The user of this access token is disabled.');
  });

  it('answers through the Passport strategies as the guard does', async () => {
    const owner = await accounts.tenant();
    const viaPassport = (strategy: 'api-key' | 'bearer', headers: Record<string, string>) =>
      new Promise((resolve) => {
        const authenticate = passport.authenticate(
          strategy,
          { session: false },
          (error: unknown, user: unknown, info: unknown) =>
            resolve(
              error
                ? { error }
                : user
                  ? { userId: (user as Principal).userId }
                  : { message: (info as { message?: string } | undefined)?.message },
            ),
        ) as (req: unknown, res: unknown, next: () => void) => void;
        authenticate({ headers }, {}, () => resolve('next'));
      });
    expect(await viaPassport('api-key', { 'x-api-key': owner.apiKey })).toEqual({ userId: owner.userId });
    expect(await viaPassport('api-key', { 'x-api-key': `${crypto.randomUUID()}+${crypto.randomUUID()}` })).toEqual({
      message: 'The API key is not valid.',
    });
    expect(await viaPassport('api-key', {})).toEqual({ message: 'Missing API Key' });
    expect(await viaPassport('bearer', { authorization: `Bearer ${accessToken(owner)}` })).toEqual({
      userId: owner.userId,
    });
    expect(
      await viaPassport('bearer', {
        authorization: `Bearer ${accessToken(owner, { exp: Math.floor(Date.now() / 1000) - 10 })}`,
      }),
    ).toEqual({ message: 'The access token has expired: refresh it at /v1/account-hub/auth/tokens.' });
    expect(await viaPassport('bearer', {})).toEqual({ message: 'No auth token' });
  });
});
