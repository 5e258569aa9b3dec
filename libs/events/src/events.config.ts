import { bool, num, str } from 'envalid';

/** The settings of a service's event delivery (see libs/events/README.md). */
export const eventsConfigSpec = {
  EVENTS_DATABASE_URL: str({
    default: '',
    desc: 'PostgreSQL of the event bus (schema event_bus); DATABASE_URL when empty',
  }),
  EVENTS_WORKERS: bool({ default: true, desc: 'Run the outbox relay, consumer and replay workers in this process' }),
  EVENTS_POLL_MS: num({ default: 1_000, desc: 'How often idle workers look for work they were not woken for' }),
  EVENTS_RETENTION_DAYS: num({ default: 7, desc: 'Days published outbox rows and applied-event records are kept' }),
  EVENTS_MAINTENANCE_INTERVAL_SECONDS: num({
    default: 60,
    desc: 'Seconds between event-bus maintenance runs (stuck deliveries failed and retried, old jobs archived)',
  }),
};

export interface EventsConfig {
  DATABASE_URL: string;
  EVENTS_DATABASE_URL: string;
  EVENTS_WORKERS: boolean;
  EVENTS_POLL_MS: number;
  EVENTS_RETENTION_DAYS: number;
  EVENTS_MAINTENANCE_INTERVAL_SECONDS: number;
}
