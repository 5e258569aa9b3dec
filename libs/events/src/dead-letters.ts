import { Pool } from 'pg';
import { EVENT_BUS_SCHEMA, EventBus, queues } from './bus';
import { deliveryId } from './relay';

export interface DeadLetter {
  id: string;
  event: { id: string; type: string; tenantId: string | null; occurredAt: string };
  error: string;
  deadSince: Date;
}

/**
 * The dead-letter list of a consumer: deliveries that failed every retry. An operator reads it
 * (`npm run events -- dead-letters <service>`) and, once the cause is fixed, replays them
 * (`npm run events -- replay-dead <service> [id …]`): each goes back on the service's queue
 * (under a new delivery id, so that its earlier failed attempt does not block it) and leaves the list.
 */
export class DeadLetters {
  constructor(private readonly busPool: Pool) {}

  async list(service: string): Promise<DeadLetter[]> {
    const { rows } = await this.busPool.query<{
      id: string;
      data: DeadLetter['event'];
      output: { message?: string } | null;
      created_on: Date;
    }>(
      `SELECT id, data, output, created_on FROM ${EVENT_BUS_SCHEMA}.job
        WHERE name = $1 AND state < 'active' ORDER BY created_on, id`,
      [queues.deadLetters(service)],
    );
    return rows.map((row) => ({
      id: row.id,
      event: { id: row.data.id, type: row.data.type, tenantId: row.data.tenantId, occurredAt: row.data.occurredAt },
      error: row.output?.message ?? '',
      deadSince: row.created_on,
    }));
  }

  /** Puts dead letters (all, or those of `ids`) back on the service's queue. Returns how many. */
  async replay(bus: EventBus, service: string, ids?: readonly string[]): Promise<number> {
    const dead = (await this.list(service)).filter((letter) => !ids || ids.includes(letter.id));
    const { rows } = await this.busPool.query<{ id: string; data: object }>(
      `SELECT id, data FROM ${EVENT_BUS_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])`,
      [queues.deadLetters(service), dead.map((letter) => letter.id)],
    );
    // Queued again first, then taken off the list: a crash in between replays twice, which the
    // consumer recognises (processed_events).
    await bus.send(
      rows.map((row) => ({
        name: queues.events(service),
        id: deliveryId(row.id, `${service}#replay`),
        data: row.data,
      })),
    );
    await bus.delete(
      queues.deadLetters(service),
      rows.map((row) => row.id),
    );
    return rows.length;
  }
}
