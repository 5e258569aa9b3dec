/**
 * The `{n}` of the bench's requests (wrk-plan.lua). W4 and W6 create contacts named `Writer{n}`
 * whose phone number is made from `n` (`+1<area><2000000 + n mod 8000000>`), and a tenant's phone
 * numbers are unique: a number used before is a 409. So a run starts after the highest `n` the
 * database holds (a reused seed keeps earlier runs' contacts), and each round after the requests
 * the previous one made (wrk reports how many).
 */
import type { Client } from 'pg';

/** The local numbers `{local}` spans; past this `n` the numbers would repeat. */
export const LOCAL_NUMBERS = 8_000_000;

export class RequestCounter {
  constructor(private next: number) {}

  /** A counter that starts after every contact an earlier run created in this database. */
  static async after(client: Client): Promise<RequestCounter> {
    const written = await client.query<{ n: string | null }>(
      "SELECT max(substring(last_name FROM 7)::bigint)::text AS n FROM phone_system.contacts WHERE last_name ~ '^Writer[0-9]+$'",
    );
    return new RequestCounter(Number(written.rows[0]?.n ?? 0) + 1);
  }

  /** Runs one round from the next unused `n`; the round reports how many it used (wrk's `generated`). */
  async round<T extends { wrk: { generated: number } }>(run: (base: number) => Promise<T>): Promise<T> {
    if (this.next >= LOCAL_NUMBERS) {
      throw new Error(
        'the phone numbers W4 and W6 create are used up in this database: run the bench without --reuse-data',
      );
    }
    const base = this.next;
    const result = await run(base);
    this.next = base + result.wrk.generated + 1;
    return result;
  }
}
