/**
 * The service boundaries over real processes: the Account Hub and the Phone System as separate
 * operating-system processes, each connected as its own database role, talking only through the
 * Account Hub's outbox, the event bus and the credential views.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { DeadLetters, EventBus } from '../../libs/events/src';
import { eventually } from '../../libs/testing/src/eventually';
import { ServiceProcess, startServiceProcess } from '../../libs/testing/src/service-process';
import { TestDatabase, createTestDatabase } from '../../libs/testing/src/test-database';
import { TEST_ROLE_PREFIX } from '../../libs/testing/src/test-env';
import { testSecrets } from '../../libs/testing/src/test-secrets';
import { receptionistBody } from '../../apps/phone-system/src/app/auto-receptionists/testing/auto-receptionist.builder';

// Each test starts, kills and restarts service processes: on a loaded 2-core machine that takes well over 30 s.
jest.setTimeout(120_000);

/** Generous: a delivery's typical delay is a benchmark figure, not something a test should time. */
const DEADLINE_MS = 45_000;
const HUB = '/v1/account-hub';
const PHONE = '/v1/phone-system';

describe('service boundaries over real processes', () => {
  let database: TestDatabase;
  let admin: Pool;
  let hub: ServiceProcess;
  let phone: ServiceProcess;
  let dataDir: string;
  let owner: { token: string; tenantId: string; userId: string };

  const phoneEnv = () => ({
    ...testSecrets(),
    DATABASE_URL: database.serviceUrl('phone-system'),
    DIALLINK_DATA_DIR: dataDir,
    EVENTS_POLL_MS: '200',
    EVENTS_MAINTENANCE_INTERVAL_SECONDS: '1',
  });

  async function call(origin: string, method: string, url: string, token: string | undefined, body?: unknown) {
    const response = await fetch(`${origin}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function logIn(email: string, password: string): Promise<string> {
    const tokens = await call(hub.origin, 'POST', `${HUB}/auth/tokens`, undefined, { email, password });
    expect(tokens.status).toBe(201);
    return tokens.body.accessToken as string;
  }

  /** The Phone System's users as its own API lists them (the caller's tenant). */
  async function phoneUsers(token: string): Promise<{ id: string; firstName: string; jobTitle: string | null }[]> {
    const list = await call(phone.origin, 'GET', `${PHONE}/users?pageSize=100`, token);
    return list.status === 200 ? list.body.data : [];
  }

  const sql = async (text: string, values: unknown[] = []) => (await admin.query(text, values)).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Pool({ connectionString: database.url, max: 3 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'diallink-boundaries-'));
    [hub, phone] = await Promise.all([
      startServiceProcess('account-hub', {
        ...testSecrets(),
        DATABASE_URL: database.serviceUrl('account-hub'),
        EVENTS_POLL_MS: '200',
      }),
      startServiceProcess('phone-system', phoneEnv()),
    ]);
    const email = `owner-${Date.now()}@boundaries.test`;
    const signUp = await call(hub.origin, 'POST', `${HUB}/tenants`, undefined, {
      companyName: 'Boundaries Ltd',
      email,
      password: 'owner password',
      firstName: 'Olga',
      lastName: 'Owner',
    });
    expect(signUp.status).toBe(201);
    owner = {
      token: await logIn(email, 'owner password'),
      tenantId: signUp.body.tenant.id,
      userId: signUp.body.owner.id,
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([hub?.stop(), phone?.stop()]);
    await admin?.end();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells the Phone System of a sign-up: its owner is a phone user, read from its own read model', async () => {
    await eventually(DEADLINE_MS, async () => (await phoneUsers(owner.token)).some((u) => u.id === owner.userId));
    expect((await phoneUsers(owner.token)).find((u) => u.id === owner.userId)).toMatchObject({ firstName: 'Olga' });
  });

  it('applies the deleted-user rule in the Phone System: contacts kept and shared, routes and receptionist options reassigned', async () => {
    const member = await call(hub.origin, 'POST', `${HUB}/users`, owner.token, {
      email: `max-${Date.now()}@boundaries.test`,
      password: 'member password',
      firstName: 'Max',
      lastName: 'Member',
      roles: ['member'],
    });
    expect(member.status).toBe(201);
    const memberToken = await logIn(member.body.email, 'member password');
    await eventually(DEADLINE_MS, async () => (await phoneUsers(owner.token)).some((u) => u.id === member.body.id));

    const contact = await call(phone.origin, 'POST', `${PHONE}/contacts`, memberToken, {
      firstName: 'Private',
      lastName: 'Friend',
    });
    expect(contact.status).toBe(201);
    const number = await call(phone.origin, 'POST', `${PHONE}/phone-numbers`, owner.token, {
      number: `+4930${String(Date.now()).slice(-8)}`,
      route: { type: 'USER', targetId: member.body.id },
    });
    expect(number.status).toBe(201);
    const receptionist = await call(
      phone.origin,
      'POST',
      `${PHONE}/auto-receptionists`,
      owner.token,
      receptionistBody({ menu: { options: [{ key: '1', action: { type: 'USER', userId: member.body.id } }] } }),
    );
    expect(receptionist.status).toBe(201);
    // The owner cannot see the member's private contact.
    expect((await call(phone.origin, 'GET', `${PHONE}/contacts/${contact.body.id}`, owner.token)).status).toBe(404);

    expect((await call(hub.origin, 'DELETE', `${HUB}/users/${member.body.id}`, owner.token)).status).toBe(204);

    await eventually(
      DEADLINE_MS,
      async () => (await call(phone.origin, 'GET', `${PHONE}/contacts/${contact.body.id}`, owner.token)).status === 200,
    );
    expect((await call(phone.origin, 'GET', `${PHONE}/contacts/${contact.body.id}`, owner.token)).body).toMatchObject({
      firstName: 'Private',
    });
    expect(
      (await call(phone.origin, 'GET', `${PHONE}/phone-numbers/${number.body.id}`, owner.token)).body.route,
    ).toEqual({
      type: 'UNASSIGNED',
      targetId: null,
    });
    const menu = (await call(phone.origin, 'GET', `${PHONE}/auto-receptionists/${receptionist.body.id}`, owner.token))
      .body.menu;
    expect(menu.options[0].action).toEqual({ type: 'VOICEMAIL', userId: null });
    expect((await phoneUsers(owner.token)).map((u) => u.id)).not.toContain(member.body.id);
  });

  it('publishes nothing for a change that rolls back', async () => {
    const before = await sql('SELECT count(*)::int AS n FROM account_hub.outbox');
    // The tenant's only owner cannot be deleted: a 409, and the change rolls back whole.
    expect((await call(hub.origin, 'DELETE', `${HUB}/users/${owner.userId}`, owner.token)).status).toBe(409);
    expect(await sql('SELECT count(*)::int AS n FROM account_hub.outbox')).toEqual(before);
    expect((await phoneUsers(owner.token)).map((u) => u.id)).toContain(owner.userId);
  });

  it('applies an event exactly once when the consumer is killed in the middle of applying it', async () => {
    // Hold the row the Phone System will update, so that its delivery blocks inside its transaction.
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM phone_system.users WHERE id = $1 FOR UPDATE', [owner.userId]);
      const patched = await call(hub.origin, 'PATCH', `${HUB}/users/${owner.userId}`, owner.token, {
        jobTitle: 'Chief Survivor',
      });
      expect(patched.status).toBe(200);
      const role = `${process.env[TEST_ROLE_PREFIX]}diallink_phone_system`;
      await eventually(DEADLINE_MS, async () => {
        const waiting = await sql(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'",
          [role],
        );
        return waiting[0].n > 0;
      });
      await phone.kill('SIGKILL');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    const [event] = await sql(
      "SELECT id FROM account_hub.outbox WHERE type = 'account-hub.user.updated' AND data->'user'->>'jobTitle' = 'Chief Survivor'",
    );
    expect(
      await sql('SELECT count(*)::int AS n FROM phone_system.processed_events WHERE event_id = $1', [event.id]),
    ).toEqual([{ n: 0 }]);

    phone = await startServiceProcess('phone-system', phoneEnv());
    // Its delivery times out (the dead process never finishes it), is retried, and applies once.
    await eventually(
      DEADLINE_MS,
      async () => (await phoneUsers(owner.token)).find((u) => u.id === owner.userId)?.jobTitle === 'Chief Survivor',
    );
    expect(
      await sql('SELECT count(*)::int AS n FROM phone_system.processed_events WHERE event_id = $1', [event.id]),
    ).toEqual([{ n: 1 }]);
    const [job] = await sql(
      "SELECT state, retry_count FROM event_bus.job WHERE name = 'phone-system.events' AND data->>'id' = $1",
      [event.id],
    );
    expect(job).toMatchObject({ state: 'completed' });
    expect(job.retry_count).toBeGreaterThanOrEqual(1);
  });

  it('lists a delivery that keeps failing as a dead letter, in health too, and applies it once replayed', async () => {
    const role = `${process.env[TEST_ROLE_PREFIX]}diallink_phone_system`;
    // A misconfiguration: the Phone System may not record applied events, so nothing applies.
    await sql(`REVOKE INSERT ON phone_system.processed_events FROM "${role}"`);
    const patched = await call(hub.origin, 'PATCH', `${HUB}/users/${owner.userId}`, owner.token, {
      jobTitle: 'Poisoned',
    });
    expect(patched.status).toBe(200);
    await eventually(
      DEADLINE_MS,
      async () => (await call(phone.origin, 'GET', `${PHONE}/health`, undefined)).body?.events?.deadLetters === 1,
    );
    expect((await phoneUsers(owner.token)).find((u) => u.id === owner.userId)?.jobTitle).toBe('Chief Survivor');

    // The operator fixes the cause and replays the dead letters (npm run events -- replay-dead phone-system).
    await sql(`GRANT INSERT ON phone_system.processed_events TO "${role}"`);
    const bus = new EventBus({ url: database.url, maintenanceIntervalSeconds: 3600, applicationName: 'test-operator' });
    await bus.start();
    try {
      const letters = await new DeadLetters(admin).list('phone-system');
      expect(letters).toEqual([
        expect.objectContaining({ event: expect.objectContaining({ type: 'account-hub.user.updated' }) }),
      ]);
      expect(await new DeadLetters(admin).replay(bus, 'phone-system')).toBe(1);
    } finally {
      await bus.stop();
    }
    await eventually(
      DEADLINE_MS,
      async () => (await phoneUsers(owner.token)).find((u) => u.id === owner.userId)?.jobTitle === 'Poisoned',
    );
    // Health's figures are probed at most once a second: the count drops on a later probe.
    await eventually(
      DEADLINE_MS,
      async () => (await call(phone.origin, 'GET', `${PHONE}/health`, undefined)).body?.events?.deadLetters === 0,
    );
  });
});
