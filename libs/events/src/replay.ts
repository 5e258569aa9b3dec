import { EventBus, queues } from './bus';

/** What a publishing service gives the replay worker (see REPLAY_SOURCE). */
export interface ReplaySource {
  /**
   * Publishes, addressed to `consumer` only (`publishEvent(tx, event, { target: consumer })`),
   * snapshot events of everything the service's events describe: a new consumer's read model
   * is complete once they are applied. Then the worker publishes the end marker.
   */
  snapshot(consumer: string): Promise<void>;
  /** Publishes `<service>.replay.completed` for `consumer` (after the snapshot). */
  completed(consumer: string, requestId: string): Promise<void>;
}

interface ReplayRequest {
  consumer: string;
  requestId: string;
}

/** Serves the replay requests that consumers send to a publishing service. */
export class ReplayWorker {
  constructor(
    private readonly service: string,
    private readonly bus: EventBus,
    private readonly source: ReplaySource,
    private readonly log: (message: string) => void,
  ) {}

  async serveOnce(): Promise<number> {
    const queue = queues.replays(this.service);
    const requests = await this.bus.fetch<ReplayRequest>(queue, 1);
    for (const request of requests) {
      try {
        const { consumer, requestId } = request.data;
        await this.source.snapshot(consumer);
        await this.source.completed(consumer, requestId);
        this.log(`replayed ${this.service}'s events to ${consumer}`);
        await this.bus.complete(queue, request.id);
      } catch (error) {
        this.log(`replay to ${request.data?.consumer} failed: ${String(error)}`);
        await this.bus.fail(queue, request.id, error);
      }
    }
    return requests.length;
  }
}
