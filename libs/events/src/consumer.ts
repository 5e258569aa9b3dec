import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventType } from '@diallink/registry';
import { EventBus, queues } from './bus';
import { MARKER_PRIORITY } from './relay';
import { eventDataProblems, isKnownEventType } from './catalog';
import { AnyEventEnvelope } from './envelope';
import { RawTransaction } from './outbox';
import { withTransaction } from '@diallink/db';

/** What a subscribing service gives the consumer (see EVENT_HANDLERS). */
export interface EventHandlers<Tx extends RawTransaction = RawTransaction> {
  /** Runs `work` in one transaction of the service's database, scoped to the event's tenant. */
  transaction<T>(event: AnyEventEnvelope, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Applies the event's effect inside that transaction. Throws to have it retried. */
  apply(tx: Tx, event: AnyEventEnvelope): Promise<void>;
  /** After the replay this service asked `producer` for has been applied. */
  replayCompleted?(tx: Tx, producer: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A delivery that is not due yet (a replay's end marker ahead of its snapshot): queued again. */
export class DeferredDelivery extends Error {}

/** How long a deferred delivery waits before it is tried again. */
const DEFER_SECONDS = 2;

/** Why an envelope cannot be applied at all (it will only ever land in the dead-letter list). */
export function envelopeProblems(event: unknown): string[] {
  const e = event as Partial<AnyEventEnvelope> | null;
  if (!e || typeof e !== 'object') return ['the delivery carries no event'];
  const problems: string[] = [];
  if (typeof e.id !== 'string' || !UUID.test(e.id)) problems.push('id is not a UUID');
  if (typeof e.type !== 'string' || !isKnownEventType(e.type)) problems.push(`unknown type ${String(e.type)}`);
  if (e.tenantId !== null && (typeof e.tenantId !== 'string' || !UUID.test(e.tenantId)))
    problems.push('tenantId is not a UUID');
  if (typeof e.occurredAt !== 'string' || Number.isNaN(Date.parse(e.occurredAt)))
    problems.push('occurredAt is not a date-time');
  if (!Number.isInteger(e.version) || (e.version as number) < 1) problems.push('version is not a positive integer');
  if (problems.length === 0)
    problems.push(...eventDataProblems(e.type as string, e.version as number, e.data).map((p) => `data${p}`));
  return problems;
}

/**
 * Takes a service's deliveries off the bus and applies each exactly once: the event id goes into
 * `processed_events` in the same transaction as the effect, so a redelivery (after a crash, a
 * timeout or a repeated relay) finds it and changes nothing. A delivery that throws is retried
 * with backoff, then lands in the service's dead-letter list.
 */
export class EventConsumer {
  constructor(
    private readonly service: string,
    private readonly subscriptions: readonly string[],
    private readonly bus: EventBus,
    private readonly pool: Pool,
    private readonly handlers: EventHandlers,
    private readonly log: (message: string) => void,
  ) {}

  /** Applies what waits on the bus now, up to `batchSize` deliveries. */
  async drainOnce(batchSize = 20): Promise<number> {
    const queue = queues.events(this.service);
    const deliveries = await this.bus.fetch<AnyEventEnvelope>(queue, batchSize);
    for (const delivery of deliveries) {
      try {
        await this.handle(delivery.data, delivery.id);
        await this.bus.complete(queue, delivery.id);
      } catch (error) {
        if (error instanceof DeferredDelivery) {
          // Not a failure: queued again (without using up a retry), this one done.
          const startAfter = new Date(Date.now() + DEFER_SECONDS * 1000);
          await this.bus.send([
            { name: queue, id: randomUUID(), data: delivery.data, startAfter, priority: MARKER_PRIORITY },
          ]);
          await this.bus.complete(queue, delivery.id);
          continue;
        }
        const event = delivery.data as Partial<AnyEventEnvelope> | undefined;
        this.log(
          `event ${event?.type ?? '?'} ${event?.id ?? delivery.id} failed (attempt ${delivery.retryCount + 1}): ${String(error)}`,
        );
        await this.bus.fail(queue, delivery.id, error);
      }
    }
    return deliveries.length;
  }

  async handle(event: AnyEventEnvelope, deliveryId?: string): Promise<void> {
    const problems = envelopeProblems(event);
    if (problems.length > 0) throw new Error(`not a valid event: ${problems.join('; ')}`);
    if (!this.subscriptions.includes(event.type)) return;
    // A replay's end marker means "you now hold everything": only once what came before it is applied.
    if (
      deliveryId &&
      event.type.endsWith('.replay.completed') &&
      (await this.bus.pendingBefore(queues.events(this.service), event.occurredAt, deliveryId))
    ) {
      throw new DeferredDelivery(`${event.type} waits for the replay's earlier events`);
    }
    await this.handlers.transaction(event, async (tx) => {
      const fresh = await tx.$executeRawUnsafe(
        'INSERT INTO processed_events (event_id, type) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING',
        event.id,
        event.type,
      );
      if (fresh === 0) return;
      if (event.type.endsWith('.replay.completed')) {
        const producer = event.type.split('.')[0];
        const requestId = (event.data as { requestId: string }).requestId;
        const ended = await tx.$executeRawUnsafe(
          'UPDATE event_sources SET completed_at = now() WHERE producer = $1 AND request_id = $2::uuid AND completed_at IS NULL',
          producer,
          requestId,
        );
        if (ended > 0) await this.handlers.replayCompleted?.(tx, producer);
      }
      await this.handlers.apply(tx, event);
    });
  }

  /**
   * The first time this service runs against a producer, it asks that producer for a replay:
   * snapshot events of everything, addressed to it alone, then an end marker.
   */
  async requestMissingReplays(): Promise<string[]> {
    const producers = [...new Set(this.subscriptions.map((type) => type.split('.')[0]))];
    const requested: string[] = [];
    for (const producer of producers) {
      if (await this.requestReplay(producer, false)) requested.push(producer);
    }
    return requested;
  }

  /** Asks `producer` for a replay; unless `force`, only when none was ever asked for. */
  async requestReplay(producer: string, force: boolean): Promise<boolean> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ request_id: string }>(
        `INSERT INTO event_sources (producer, request_id, requested_at) VALUES ($1, gen_random_uuid(), now())
         ON CONFLICT (producer) DO ${force ? 'UPDATE SET request_id = EXCLUDED.request_id, requested_at = now(), completed_at = NULL' : 'NOTHING'}
         RETURNING request_id`,
        [producer],
      );
      if (rows.length > 0) {
        await this.bus.send([
          {
            name: queues.replays(producer),
            id: rows[0].request_id,
            data: { consumer: this.service, requestId: rows[0].request_id },
          },
        ]);
      }
      return rows.length > 0;
    });
  }

  /** Deliveries that failed every retry and wait for an operator. */
  deadLetters(): Promise<number> {
    return this.bus.waiting(queues.deadLetters(this.service));
  }
}

export type { EventType };
