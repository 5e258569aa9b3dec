import { randomUUID } from 'node:crypto';
import type { EventDataMap, EventType } from '@diallink/registry';
import { eventDataProblems, latestVersion } from './catalog';
import { AnyEventEnvelope, Clock, EventEnvelope, systemClock } from './envelope';

/** What the outbox needs of a transaction: a generated Prisma client's transaction has it. */
export interface RawTransaction {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
}

/** The channel on which a commit that wrote outbox rows wakes its service's relay. */
export const OUTBOX_CHANNEL = 'diallink_outbox';

export interface NewEvent<T extends EventType> {
  type: T;
  tenantId: string | null;
  data: EventDataMap[T];
}

/**
 * Writes an event into the service's outbox inside `tx`, the transaction of the change it
 * reports: the event exists exactly when the change commits, and a rolled-back change publishes
 * nothing. `target` limits it to one consumer (the snapshot events of a replay). The data is
 * checked against the catalog's newest version of the type; a mismatch is a bug and throws.
 * Returns the envelope as consumers will receive it.
 */
export async function publishEvent<T extends EventType>(
  tx: RawTransaction,
  event: NewEvent<T>,
  options: { target?: string; clock?: Clock } = {},
): Promise<EventEnvelope<T>> {
  const version = latestVersion(event.type);
  const problems = eventDataProblems(event.type, version, event.data);
  if (problems.length > 0) throw new Error(`${event.type} does not match its catalog schema: ${problems.join('; ')}`);
  const id = randomUUID();
  const occurredAt = (options.clock ?? systemClock).now().toISOString();
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox (id, type, tenant_id, version, data, occurred_at, target)
     VALUES ($1::uuid, $2, $3::uuid, $4, $5::jsonb, $6::timestamptz, $7)`,
    id,
    event.type,
    event.tenantId,
    version,
    JSON.stringify(event.data),
    occurredAt,
    options.target ?? null,
  );
  await tx.$executeRawUnsafe(`SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema())`);
  return { id, type: event.type, tenantId: event.tenantId, occurredAt, version, data: event.data };
}

/** A node-postgres client (inside BEGIN … COMMIT) as the outbox's `RawTransaction`. */
export function pgTransaction(client: {
  query(sql: string, values?: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}): RawTransaction {
  return {
    $executeRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rowCount ?? 0,
    $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows as T,
  };
}

export type { AnyEventEnvelope };
