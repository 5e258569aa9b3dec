import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { EventType, subscribersOf } from '@diallink/registry';
import { DELIVERY_CHANNEL, EventBus, queues } from './bus';
import { AnyEventEnvelope } from './envelope';
import { withTransaction } from '@diallink/db';

/** A delivery's id is fixed by its event and consumer: relaying an event twice queues it once. */
export function deliveryId(eventId: string, consumer: string): string {
  const hex = createHash('sha256').update(`${eventId}/${consumer}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The end marker of a replay is fetched after the snapshot deliveries queued before it. */
export const MARKER_PRIORITY = -10;

interface OutboxRow {
  id: string;
  type: string;
  tenant_id: string | null;
  version: number;
  data: unknown;
  occurred_at: Date;
  target: string | null;
}

/**
 * Hands a service's outbox to the bus: the oldest unpublished events (locked with SKIP LOCKED,
 * so replicas share the work), one delivery per subscribing service (or the one `target`), then
 * marks them published in the same transaction. A crash between the two re-relays the batch,
 * which queues nothing twice (`deliveryId`) and is harmless anyway: consumers are idempotent.
 */
export class OutboxRelay {
  constructor(
    private readonly servicePool: Pool,
    private readonly busPool: Pool,
    private readonly bus: EventBus,
  ) {}

  async relayOnce(limit = 200): Promise<number> {
    const { relayed, consumers } = await withTransaction(this.servicePool, async (client) => {
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, type, tenant_id, version, data, occurred_at, target FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const jobs = rows.flatMap((row) => {
        const envelope = {
          id: row.id,
          type: row.type,
          tenantId: row.tenant_id,
          occurredAt: row.occurred_at.toISOString(),
          version: row.version,
          data: row.data,
        } as AnyEventEnvelope;
        const to = row.target ? [row.target] : subscribersOf(row.type as EventType);
        return to.map((consumer) => ({
          name: queues.events(consumer),
          id: deliveryId(row.id, consumer),
          data: envelope,
          ...(row.type.endsWith('.replay.completed') ? { priority: MARKER_PRIORITY } : {}),
        }));
      });
      await this.bus.send(jobs);
      if (rows.length > 0) {
        await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [
          rows.map((row) => row.id),
        ]);
      }
      return { relayed: rows.length, consumers: new Set(jobs.map((job) => job.name.replace(/\.events$/, ''))) };
    });
    // Once committed: the consumers are woken for deliveries they can see.
    for (const consumer of consumers)
      await this.busPool.query(`SELECT pg_notify('${DELIVERY_CHANNEL}', $1)`, [consumer]);
    return relayed;
  }

  /** Events written but not yet handed to the bus. */
  async backlog(): Promise<number> {
    const { rows } = await this.servicePool.query<{ count: string }>(
      'SELECT count(*) FROM outbox WHERE published_at IS NULL',
    );
    return Number(rows[0].count);
  }
}
