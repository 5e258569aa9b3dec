/**
 * `npm start` waits until every service answers `GET /health` 200 through the gateway before it
 * says the API is ready. On a loaded machine a service's first `SELECT 1` can take longer than
 * the health route's own database timeout (HEALTH_DATABASE_TIMEOUT_MS, 2 s), so one probe may fail
 * many times before one succeeds: the services are probed together (one slow answer does not hold
 * up the others' probes) and the deadline counts progress — it runs from the last service that
 * became ready, not from the start. A service that never becomes ready still fails the start,
 * `quietMs` after the last progress, with its name.
 */
export interface ReadinessOptions<S extends string> {
  services: readonly S[];
  /** True when the service answers its health route 200 (false or a rejection: not yet). */
  probe: (service: S) => Promise<boolean>;
  /** How long without a service becoming ready before the start is given up (ms). */
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
  const pending = new Set(options.services);
  while (pending.size > 0) {
    const ready = await Promise.all(
      [...pending].map((service) =>
        options.probe(service).then(
          (ok) => (ok ? service : undefined),
          () => undefined,
        ),
      ),
    );
    for (const service of ready) {
      if (service === undefined) continue;
      pending.delete(service);
      lastProgress = now();
      options.log?.(`${service} is ready (${((lastProgress - started) / 1000).toFixed(0)} s)`);
    }
    if (pending.size === 0) return;
    if (now() - lastProgress > options.quietMs) {
      throw new NotReadyError(
        `Not healthy: ${[...pending].join(', ')} (no service became ready in the last ${options.quietMs / 1000} s)`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
