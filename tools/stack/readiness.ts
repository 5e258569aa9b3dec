/**
 * `npm start` waits until every service answers `GET /health` 200 through the gateway before it
 * says the API is ready. On a loaded machine a service's first `SELECT 1` can take longer than
 * the health route's own database timeout (HEALTH_DATABASE_TIMEOUT_MS, 2 s), so one probe may fail
 * many times before one succeeds, and a process may take a minute to boot: the services are
 * probed together (one slow answer does not hold up the others' probes) and the deadline counts
 * progress — it runs from the last step any service made (its process began to listen, it became
 * ready), not from the start. A service that never becomes ready still fails the start,
 * `quietMs` after the last progress, with its name.
 */

/** Where a service is: its process does not listen yet, it listens but is not ready, it is ready. */
export type Readiness = 'down' | 'up' | 'ready';
const RANK: Record<Readiness, number> = { down: 0, up: 1, ready: 2 };
export interface ReadinessOptions<S extends string> {
  services: readonly S[];
  /** Where the service is (a rejection: down). */
  probe: (service: S) => Promise<Readiness>;
  /** How long without progress (a service's process listening, a service ready) before the start is given up (ms). */
  quietMs: number;
  /** Pause between two rounds of probes (ms). */
  intervalMs?: number;
  /** One line when a service becomes ready, and while some are still awaited. */
  log?: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class NotReadyError extends Error {}

export async function waitUntilReady<S extends string>(options: ReadinessOptions<S>): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  let lastProgress = started;
  /** The furthest each service not ready yet has come. */
  const pending = new Map<S, Readiness>(options.services.map((service) => [service, 'down']));
  while (pending.size > 0) {
    const states = await Promise.all(
      [...pending.keys()].map((service) =>
        options.probe(service).then(
          (state) => [service, state] as const,
          () => [service, 'down' as Readiness] as const,
        ),
      ),
    );
    for (const [service, state] of states) {
      if (RANK[state] <= RANK[pending.get(service) ?? 'down']) continue;
      lastProgress = now();
      if (state !== 'ready') pending.set(service, state);
      else {
        pending.delete(service);
        options.log?.(`${service} is ready (${((lastProgress - started) / 1000).toFixed(0)} s)`);
      }
    }
    if (pending.size === 0) return;
    if (now() - lastProgress > options.quietMs) {
      throw new NotReadyError(
        `Not healthy: ${[...pending.keys()].join(', ')} (no progress in the last ${options.quietMs / 1000} s)`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
