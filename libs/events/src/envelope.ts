import type { EventDataMap, EventType } from '@diallink/registry';

/**
 * The one envelope of every event, on the bus and (later) in public webhooks. `type` is
 * `<service>.<resource>.<verb>`; `version` is the version of `data`'s schema in the catalog
 * (docs/event-catalog.md); `tenantId` is null only for events about no tenant.
 */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  tenantId: string | null;
  occurredAt: string;
  version: number;
  data: EventDataMap[T];
}

/** Any event, as a consumer sees it before it looks at the type. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

/** Time as the event machinery reads it: injectable, so tests never sleep for it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
