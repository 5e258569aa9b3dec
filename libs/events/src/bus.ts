import { Client, Pool } from 'pg';
import PgBoss from 'pg-boss';
import { AnyEventEnvelope } from './envelope';

/**
 * The event bus: pg-boss (10.x, the newest line that runs on Node 20) in the `event_bus` schema,
 * whose tables belong to the `diallink_event_bus` role and which every service's role may use.
 * Chosen over graphile-worker for its built-in dead-letter queues, per-queue retry with
 * exponential backoff and delivery timeouts, and because its queues need no server of their
 * own: any number of replicas share them through `FOR UPDATE SKIP LOCKED`. Queues are made by
 * provisioning (tools/db/provision.ts), never by a service at run time.
 */
export const EVENT_BUS_SCHEMA = 'event_bus';
/** The channel on which the relay wakes a consumer that has new deliveries (payload: its name). */
export const DELIVERY_CHANNEL = 'diallink_deliveries';

export const queues = {
  /** Deliveries of events to a subscribing service. */
  events: (service: string) => `${service}.events`,
  /** Deliveries that failed every retry: an operator reads and replays them. */
  deadLetters: (service: string) => `${service}.events.dead`,
  /** Requests to a publishing service for a replay (snapshot) to one consumer. */
  replays: (service: string) => `${service}.replays`,
};

export interface Delivery<T = AnyEventEnvelope> {
  id: string;
  name: string;
  data: T;
  retryCount: number;
  priority: number;
}

export interface BusOptions {
  url: string;
  /** Seconds between pg-boss's maintenance runs (expiring stuck deliveries, archiving). */
  maintenanceIntervalSeconds: number;
  applicationName: string;
}

export class EventBus {
  private readonly boss: PgBoss;
  private readonly pool: Pool;
  private started = false;

  constructor(options: BusOptions) {
    this.pool = new Pool({ connectionString: options.url, max: 1 });
    this.pool.on('error', () => undefined);
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: EVENT_BUS_SCHEMA,
      migrate: false,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
      max: 3,
      application_name: options.applicationName,
    } as ConstructorParameters<typeof PgBoss>[0]);
    this.boss.on('error', () => undefined);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: false, wait: true, close: true });
    await this.pool.end();
  }

  /** Queues deliveries; ids are chosen by the caller so that a repeated relay is recognised. */
  async send(jobs: { name: string; id: string; data: object; priority?: number; startAfter?: Date }[]): Promise<void> {
    if (jobs.length > 0) await this.boss.insert(jobs);
  }

  /**
   * Takes up to `batchSize` due deliveries of `queue`, highest priority first (pg-boss picks them
   * in that order but hands them back in any).
   */
  async fetch<T>(queue: string, batchSize: number): Promise<Delivery<T>[]> {
    const jobs = await this.boss.fetch<T>(queue, { batchSize, includeMetadata: true });
    return (jobs ?? [])
      .map((job) => ({
        id: job.id,
        name: job.name,
        data: job.data,
        retryCount: job.retryCount,
        priority: job.priority,
      }))
      .sort((a, b) => b.priority - a.priority);
  }

  async complete(queue: string, id: string): Promise<void> {
    await this.boss.complete(queue, id);
  }

  async fail(queue: string, id: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.boss.fail(queue, id, { message: message.slice(0, 2_000) });
  }

  async delete(queue: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.boss.deleteJob(queue, [...ids]);
  }

  /** Runs pg-boss's maintenance now: deliveries stuck past their timeout are failed (and retried). */
  async maintain(): Promise<void> {
    await this.boss.maintain();
  }

  /**
   * Whether `queue` still holds a delivery (waiting, retrying or being applied) of an event that
   * occurred at or before `occurredAt`, other than `exceptId`.
   */
  async pendingBefore(queue: string, occurredAt: string, exceptId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${EVENT_BUS_SCHEMA}.job WHERE name = $1 AND state < 'completed' AND id <> $2::uuid
          AND (data->>'occurredAt')::timestamptz <= $3::timestamptz LIMIT 1`,
      [queue, exceptId, occurredAt],
    );
    return rows.length > 0;
  }

  /** How many deliveries of `queue` wait (created or in retry). */
  async waiting(queue: string): Promise<number> {
    return this.boss.getQueueSize(queue);
  }
}

/** Wakes the consumers named in `names` on the bus's database (after the relay queued for them). */
export async function wakeConsumers(url: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of new Set(names)) await client.query(`SELECT pg_notify('${DELIVERY_CHANNEL}', $1)`, [name]);
  } finally {
    await client.end();
  }
}
