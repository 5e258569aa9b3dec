import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { Pool } from 'pg';
import { HealthRegistry } from '@diallink/db';
import { ServiceName, serviceInfo } from '@diallink/registry';
import { DELIVERY_CHANNEL, EventBus } from './bus';
import { EventConsumer, EventHandlers } from './consumer';
import { Clock, systemClock } from './envelope';
import { EventsConfig } from './events.config';
import { EventPruning } from './maintenance';
import { OUTBOX_CHANNEL } from './outbox';
import { OutboxRelay } from './relay';
import { ReplaySource, ReplayWorker } from './replay';
import { NoticeListener, WorkerLoop } from './worker-loop';

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
/** The subscribing service's `EventHandlers`. */
export const EVENT_HANDLERS = Symbol('EVENT_HANDLERS');
/** The publishing service's `ReplaySource`. */
export const REPLAY_SOURCE = Symbol('REPLAY_SOURCE');
export const EVENTS_CLOCK = Symbol('EVENTS_CLOCK');

export interface EventsOptions {
  service: ServiceName;
  /** The service's schema: the relay reacts to its own outbox's notices only. */
  schema: string;
  config: EventsConfig;
}

/**
 * A service's event delivery, started with the application and stopped before its database:
 * the relay of its outbox (when it publishes), its consumer (when it subscribes) and the replay
 * worker (when it publishes), woken by NOTIFY and polling as a fallback; pruning; and the
 * figures of `GET /health` (`events.deadLetters`, `events.outboxBacklog`). Tests reach the same
 * pieces to run due work at once (`relay.relayOnce()`, `consumer.drainOnce()`).
 */
@Injectable()
export class EventsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  readonly bus: EventBus;
  readonly relay: OutboxRelay | undefined;
  readonly consumer: EventConsumer | undefined;
  readonly replays: ReplayWorker | undefined;
  readonly pruning: EventPruning;
  private readonly servicePool: Pool;
  private readonly busPool: Pool;
  private readonly loops: WorkerLoop[] = [];
  private readonly listeners: NoticeListener[] = [];
  private relayLoop: WorkerLoop | undefined;
  private consumerLoop: WorkerLoop | undefined;

  constructor(
    @Inject(EVENTS_OPTIONS) private readonly options: EventsOptions,
    health: HealthRegistry,
    @Optional() @Inject(EVENT_HANDLERS) handlers?: EventHandlers,
    @Optional() @Inject(REPLAY_SOURCE) replaySource?: ReplaySource,
    @Optional() @Inject(EVENTS_CLOCK) clock: Clock = systemClock,
  ) {
    const { config, service } = options;
    const info = serviceInfo(service);
    this.logger = new Logger(`Events`);
    const busUrl = config.EVENTS_DATABASE_URL || config.DATABASE_URL;
    this.servicePool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 2,
      options: `-c search_path=${options.schema}`,
    });
    this.busPool = new Pool({ connectionString: busUrl, max: 1 });
    for (const pool of [this.servicePool, this.busPool]) pool.on('error', () => undefined);
    this.bus = new EventBus({
      url: busUrl,
      maintenanceIntervalSeconds: config.EVENTS_MAINTENANCE_INTERVAL_SECONDS,
      applicationName: `diallink-${service}-events`,
    });
    const log = (message: string) => this.logger.warn(message);
    if (info.publishes.length > 0) {
      this.relay = new OutboxRelay(this.servicePool, this.busPool, this.bus);
      if (!replaySource) throw new Error(`${service} publishes events but provides no REPLAY_SOURCE`);
      this.replays = new ReplayWorker(service, this.bus, replaySource, log);
    }
    if (info.subscribes.length > 0) {
      if (!handlers) throw new Error(`${service} subscribes to events but provides no EVENT_HANDLERS`);
      this.consumer = new EventConsumer(service, info.subscribes, this.bus, this.servicePool, handlers, log);
    }
    this.pruning = new EventPruning(this.servicePool, clock, config.EVENTS_RETENTION_DAYS);
    health.register(async () => ({
      events: {
        deadLetters: this.consumer ? await this.consumer.deadLetters() : 0,
        outboxBacklog: this.relay ? await this.relay.backlog() : 0,
      },
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.start();
    if (!this.options.config.EVENTS_WORKERS) return;
    const poll = this.options.config.EVENTS_POLL_MS;
    const onError = (error: unknown) => this.logger.warn(`event delivery: ${String(error)}`);
    if (this.relay) {
      const relay = this.relay;
      this.relayLoop = new WorkerLoop(() => relay.relayOnce(), poll, onError);
      this.loops.push(this.relayLoop);
    }
    if (this.replays) {
      const replays = this.replays;
      this.loops.push(new WorkerLoop(() => replays.serveOnce(), poll, onError));
    }
    if (this.consumer) {
      const consumer = this.consumer;
      this.consumerLoop = new WorkerLoop(() => consumer.drainOnce(), poll, onError);
      this.loops.push(this.consumerLoop);
      const requested = await consumer.requestMissingReplays();
      if (requested.length > 0) this.logger.log(`asked ${requested.join(', ')} for a replay of their events`);
    }
    this.loops.push(new WorkerLoop(async () => (await this.pruning.runDue(), 0), 60_000, onError));
    await this.listen();
    for (const loop of this.loops) loop.start();
  }

  private async listen(): Promise<void> {
    const { config, service, schema } = this.options;
    const busUrl = config.EVENTS_DATABASE_URL || config.DATABASE_URL;
    const wakeAll = () => {
      this.relayLoop?.wake();
      this.consumerLoop?.wake();
    };
    const onNotice = (channel: string, payload: string) => {
      if (channel === OUTBOX_CHANNEL && payload === schema) this.relayLoop?.wake();
      if (channel === DELIVERY_CHANNEL && payload === service) this.consumerLoop?.wake();
    };
    const channels = new Map<string, string[]>();
    const add = (url: string, channel: string) => channels.set(url, [...(channels.get(url) ?? []), channel]);
    if (this.relay) add(config.DATABASE_URL, OUTBOX_CHANNEL);
    if (this.consumer) add(busUrl, DELIVERY_CHANNEL);
    for (const [url, names] of channels) {
      const listener = new NoticeListener(url, names, onNotice, wakeAll);
      this.listeners.push(listener);
      await listener.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.listeners.map((listener) => listener.stop()));
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.bus.stop().catch(() => undefined);
    await Promise.all([this.servicePool.end(), this.busPool.end()]).catch(() => undefined);
  }
}

/**
 * The event delivery of a service (see `EventsRuntime`). A subscribing service provides
 * `EVENT_HANDLERS`, a publishing one `REPLAY_SOURCE`, in `providers` here.
 */
@Global()
@Module({})
export class EventsModule {
  static forRoot(options: EventsOptions & { providers?: DynamicModule['providers'] }): DynamicModule {
    const { providers = [], ...rest } = options;
    return {
      module: EventsModule,
      providers: [{ provide: EVENTS_OPTIONS, useValue: rest }, ...providers, EventsRuntime],
      exports: [EventsRuntime],
    };
  }
}
