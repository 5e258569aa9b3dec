import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@diallink/testing';
import { RequestCounter } from './request-counter';

/** What the `{n}` of a round's requests became: n … n + generated - 1 (wrk-plan.lua). */
const sent = (base: number, generated: number) => Array.from({ length: generated }, (_, i) => base + i);

describe('the bench’s request counter on reused data (W4, W6 create a phone number per n)', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** The contacts W4 would have created with these n (only their last name matters here). */
  async function created(ns: number[]): Promise<void> {
    const tenant = randomUUID();
    for (const n of ns) {
      await client.query(
        "INSERT INTO phone_system.contacts (id, tenant_id, first_name, last_name, shared, updated_at) VALUES ($1, $2, 'Bench', $3, true, now())",
        [randomUUID(), tenant, `Writer${n}`],
      );
    }
  }

  it('starts a run after every n an earlier run created, and no two rounds share an n', async () => {
    // An earlier run's W4 created contacts up to n = 250,017, far past their count (the old bug:
    // the counter restarted from the count of Writer contacts, and re-sent numbers that exist).
    await created([1, 2, 250_017]);
    await client.query(
      "INSERT INTO phone_system.contacts (id, tenant_id, last_name, updated_at) VALUES ($1, $2, 'Writers guild', now())",
      [randomUUID(), randomUUID()],
    );
    const counter = await RequestCounter.after(client);
    const used: number[] = [];
    for (const generated of [40, 0, 1_000, 17]) {
      await counter.round((base) => {
        used.push(...sent(base, generated));
        return Promise.resolve({ wrk: { generated } });
      });
    }
    expect(Math.min(...used)).toBe(250_018);
    expect(new Set(used).size).toBe(used.length);
  });

  it('starts at 1 on a database no run has written to', async () => {
    const empty = await createTestDatabase();
    const fresh = new Client({ connectionString: empty.url });
    await fresh.connect();
    try {
      const counter = await RequestCounter.after(fresh);
      await counter.round((base) => {
        expect(base).toBe(1);
        return Promise.resolve({ wrk: { generated: 1 } });
      });
    } finally {
      await fresh.end();
      await empty.drop();
    }
  });

  it('refuses to go on once the local numbers would repeat', async () => {
    const counter = new RequestCounter(8_000_000);
    await expect(counter.round(() => Promise.resolve({ wrk: { generated: 1 } }))).rejects.toThrow(
      /used up in this database: run the bench without --reuse-data/,
    );
  });
});
