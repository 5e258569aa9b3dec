import { Pool } from 'pg';
import { Clock } from './envelope';

/**
 * Prunes a service's outbox (published events) and its record of applied events, older than
 * the retention, a batch at a time. Scheduled by the injected clock: `runDue()` prunes when the
 * interval has passed since the last run; tests advance the clock and call it, never sleep.
 */
export class EventPruning {
  private nextRunAt = 0;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly intervalMs = 60 * 60 * 1000,
  ) {}

  async runDue(): Promise<{ outbox: number; processed: number } | undefined> {
    const now = this.clock.now().getTime();
    if (now < this.nextRunAt) return undefined;
    this.nextRunAt = now + this.intervalMs;
    const cutoff = new Date(now - this.retentionDays * 24 * 60 * 60 * 1000);
    return {
      outbox: await this.deleteBatches(
        'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at < $1 LIMIT 5000)',
        cutoff,
      ),
      processed: await this.deleteBatches(
        'DELETE FROM processed_events WHERE event_id IN (SELECT event_id FROM processed_events WHERE processed_at < $1 LIMIT 5000)',
        cutoff,
      ),
    };
  }

  private async deleteBatches(sql: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(sql, [cutoff]);
      total += rowCount ?? 0;
      if (!rowCount || rowCount < 5000) return total;
    }
  }
}
