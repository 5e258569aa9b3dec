import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { TestDatabase, createTestDatabase } from '@diallink/testing';
import { EventBus, queues } from './bus';
import { EventConsumer, EventHandlers } from './consumer';
import { DeadLetters } from './dead-letters';
import { AnyEventEnvelope, Clock } from './envelope';
import { EventPruning } from './maintenance';
import { RawTransaction, pgTransaction, publishEvent } from './outbox';
import { OutboxRelay, deliveryId } from './relay';

const user = (id: string, revision = 1) => ({
  id,
  email: `${id}@example.test`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  jobTitle: null,
  enabled: true,
  roles: [],
  revision,
});

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The outbox, relay, bus and consumer on a real PostgreSQL provisioned as production is: the
 * Account Hub's role writes its outbox, the Phone System's role consumes, pg-boss in between.
 */
describe('event delivery (outbox → relay → bus → idempotent consumer)', () => {
  let database: TestDatabase;
  let hub: Pool;
  let phone: Pool;
  let bus: EventBus;
  let relay: OutboxRelay;
  let applied: AnyEventEnvelope[];
  let failing: boolean;
  let failOnce: Set<string>;
  let replayed: number;
  let consumer: EventConsumer;

  /** The Phone System's side, reduced to recording what it applied (in its transaction). */
  const handlers: EventHandlers<RawTransaction> = {
    transaction: (_event, work) => inTransaction(phone, (client) => work(pgTransaction(client))),
    apply: async (tx, event) => {
      if (failing) throw new Error('the consumer cannot apply events right now');
      if (failOnce.delete(event.id)) throw new Error('a passing fault');
      await tx.$executeRawUnsafe('INSERT INTO test_effects (event_id) VALUES ($1::uuid)', event.id);
      applied.push(event);
    },
    replayCompleted: async () => {
      replayed++;
    },
  };

  const outboxRows = async () => (await hub.query('SELECT id, published_at FROM outbox ORDER BY seq')).rows;
  const effects = async () => Number((await phone.query('SELECT count(*) FROM test_effects')).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase();
    hub = new Pool({ connectionString: database.serviceUrl('account-hub'), max: 3 });
    phone = new Pool({ connectionString: database.serviceUrl('phone-system'), max: 3 });
    await phone.query('CREATE TABLE test_effects (event_id uuid NOT NULL)');
    bus = new EventBus({
      url: database.serviceUrl('account-hub'),
      maintenanceIntervalSeconds: 60,
      applicationName: 'events-test',
    });
    await bus.start();
    relay = new OutboxRelay(hub, hub, bus);
    consumer = new EventConsumer(
      'phone-system',
      ['account-hub.user.updated', 'account-hub.user.created', 'account-hub.replay.completed'],
      bus,
      phone,
      handlers,
      () => undefined,
    );
  });

  beforeEach(() => {
    applied = [];
    failing = false;
    failOnce = new Set();
    replayed = 0;
  });

  afterAll(async () => {
    await bus?.stop();
    await hub?.end();
    await phone?.end();
    await database?.drop();
  });

  /** Relays and consumes until nothing is left that is due now. */
  async function deliverAll(): Promise<void> {
    while ((await relay.relayOnce()) + (await consumer.drainOnce()) > 0);
  }

  it('publishes nothing for a change that rolls back, and the event for one that commits', async () => {
    const before = (await outboxRows()).length;
    const tenantId = randomUUID();
    await expect(
      inTransaction(hub, async (client) => {
        await publishEvent(pgTransaction(client), {
          type: 'account-hub.user.updated',
          tenantId,
          data: { user: user(randomUUID()) },
        });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await outboxRows()).toHaveLength(before);
    const event = await inTransaction(hub, (client) =>
      publishEvent(pgTransaction(client), {
        type: 'account-hub.user.updated',
        tenantId,
        data: { user: user(randomUUID()) },
      }),
    );
    expect(await outboxRows()).toHaveLength(before + 1);
    await deliverAll();
    expect(applied.map((e) => e.id)).toContain(event.id);
  });

  it('refuses to publish data its catalog schema does not allow', async () => {
    await expect(
      inTransaction(hub, (client) =>
        publishEvent(pgTransaction(client), {
          type: 'account-hub.user.updated',
          tenantId: randomUUID(),
          data: { user: { id: 'not-a-uuid' } } as never,
        }),
      ),
    ).rejects.toThrow(/does not match its catalog schema/);
  });

  it('applies each event once, however often it is relayed or delivered', async () => {
    const event = await inTransaction(hub, (client) =>
      publishEvent(pgTransaction(client), {
        type: 'account-hub.user.created',
        tenantId: randomUUID(),
        data: { user: user(randomUUID()) },
      }),
    );
    await relay.relayOnce();
    // A relay that crashed after queueing but before marking: the same event is relayed again.
    await hub.query('UPDATE outbox SET published_at = NULL WHERE id = $1', [event.id]);
    await relay.relayOnce();
    const jobs = await hub.query('SELECT id FROM event_bus.job WHERE name = $1 AND data->>$2 = $3', [
      queues.events('phone-system'),
      'id',
      event.id,
    ]);
    expect(jobs.rows.map((row) => row.id)).toEqual([deliveryId(event.id, 'phone-system')]);
    await deliverAll();
    // Delivered again anyway (a consumer that crashed after its commit): recognised, nothing applied.
    const effectsBefore = await effects();
    await consumer.handle(event);
    expect(await effects()).toBe(effectsBefore);
    expect(applied.filter((e) => e.id === event.id)).toHaveLength(1);
    const processed = await phone.query('SELECT count(*) FROM processed_events WHERE event_id = $1', [event.id]);
    expect(Number(processed.rows[0].count)).toBe(1);
  });

  it('retries a failing delivery with backoff, then lists it as a dead letter that an operator replays', async () => {
    const dead = new DeadLetters(hub);
    failing = true;
    const event = await inTransaction(hub, (client) =>
      publishEvent(pgTransaction(client), {
        type: 'account-hub.user.updated',
        tenantId: randomUUID(),
        data: { user: user(randomUUID()) },
      }),
    );
    await relay.relayOnce();
    await consumer.drainOnce();
    // The test bus retries twice, one second apart and more: run the retries when they are due.
    for (let attempt = 0; attempt < 2; attempt++) {
      await hub.query(`UPDATE event_bus.job SET start_after = now() WHERE name = $1 AND state = 'retry'`, [
        queues.events('phone-system'),
      ]);
      await consumer.drainOnce();
    }
    const letters = await dead.list('phone-system');
    expect(letters).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ id: event.id, type: 'account-hub.user.updated' }),
        error: expect.stringMatching(/cannot apply/),
      }),
    ]);
    expect(await consumer.deadLetters()).toBe(1);
    expect(applied).toEqual([]);

    failing = false;
    expect(await dead.replay(bus, 'phone-system')).toBe(1);
    expect(await dead.list('phone-system')).toEqual([]);
    await deliverAll();
    expect(applied.map((e) => e.id)).toEqual([event.id]);
  });

  it('applies a replay’s end marker only after the replay’s earlier events, even when one of them is retried', async () => {
    const requestId = randomUUID();
    await phone.query(
      "INSERT INTO event_sources (producer, request_id, requested_at) VALUES ('account-hub', $1, now())",
      [requestId],
    );
    const snapshot = await inTransaction(hub, (client) =>
      publishEvent(
        pgTransaction(client),
        { type: 'account-hub.user.updated', tenantId: randomUUID(), data: { user: user(randomUUID()) } },
        { target: 'phone-system' },
      ),
    );
    const marker = await inTransaction(hub, (client) =>
      publishEvent(
        pgTransaction(client),
        { type: 'account-hub.replay.completed', tenantId: null, data: { requestId } },
        { target: 'phone-system' },
      ),
    );
    failOnce.add(snapshot.id);
    await relay.relayOnce();
    await consumer.drainOnce();
    // The snapshot failed once and waits for its retry: the marker was deferred, not applied.
    expect(applied).toEqual([]);
    expect(replayed).toBe(0);
    await hub.query(`UPDATE event_bus.job SET start_after = now() WHERE name = $1 AND state IN ('retry', 'created')`, [
      queues.events('phone-system'),
    ]);
    await deliverAll();
    expect(applied.map((e) => e.id)).toEqual([snapshot.id, marker.id]);
    expect(replayed).toBe(1);
    const source = await phone.query("SELECT completed_at FROM event_sources WHERE producer = 'account-hub'");
    expect(source.rows[0].completed_at).not.toBeNull();
  });

  it('sends an envelope that is not a valid event straight on its way to the dead-letter list', async () => {
    await expect(consumer.handle({ id: 'x', type: 'account-hub.user.updated' } as never)).rejects.toThrow(
      /not a valid event: id is not a UUID/,
    );
    await expect(
      consumer.handle({
        id: randomUUID(),
        type: 'nobody.thing.happened',
        tenantId: null,
        occurredAt: new Date().toISOString(),
        version: 1,
        data: {},
      } as never),
    ).rejects.toThrow(/unknown type/);
  });

  it('accepts a newer version of an event with fields it does not know (the compatibility rule)', async () => {
    const event = {
      id: randomUUID(),
      type: 'account-hub.user.updated',
      tenantId: randomUUID(),
      occurredAt: new Date().toISOString(),
      version: 2,
      data: { user: { ...user(randomUUID()), pronouns: 'she/her' }, reason: 'a field of version 2' },
    } as unknown as AnyEventEnvelope;
    await consumer.handle(event);
    expect(applied.map((e) => e.id)).toEqual([event.id]);
  });

  it('prunes published outbox rows and applied-event records past the retention, when the clock says it is due', async () => {
    let now = new Date();
    const clock: Clock = { now: () => now };
    await deliverAll();
    const pruneHub = new EventPruning(hub, clock, 7);
    const prunePhone = new EventPruning(phone, clock, 7);
    const count = async (pool: Pool, table: string) =>
      Number((await pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    const published = await count(hub, 'outbox');
    expect(published).toBeGreaterThan(0);
    // Everything published so far is younger than seven days at "now" minus a week: kept.
    now = new Date(Date.now() + 6 * 24 * 3600 * 1000);
    expect(await pruneHub.runDue()).toEqual({ outbox: 0, processed: 0 });
    // Not due again within the hour.
    now = new Date(now.getTime() + 30 * 60 * 1000);
    expect(await pruneHub.runDue()).toBeUndefined();
    // A month later everything published is past the retention.
    now = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    expect(await pruneHub.runDue()).toEqual({ outbox: published, processed: 0 });
    expect((await prunePhone.runDue())?.processed).toBeGreaterThan(0);
    expect(await count(phone, 'processed_events')).toBe(0);
  });
});
