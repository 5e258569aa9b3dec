/**
 * What the whole battery shares: its size (quick or long), its figures, every secret it minted
 * and every log line the services wrote.
 */
import { writeFileSync } from 'node:fs';
import type { Response } from 'supertest';

/** `BATTERY_LONG=1` (or `npm run test:battery:long`): more fuzzing runs, longer load. */
export const LONG = /^(1|true|yes)$/i.test(process.env.BATTERY_LONG ?? '');

export const SIZE = {
  /** fast-check runs per write route (body) and per list route (query). */
  fuzzRuns: LONG ? 300 : 25,
  /** Concurrent clients of the load tests, and how long the database stays down. */
  loadClients: LONG ? 8 : 3,
  outageMs: LONG ? 8_000 : 2_500,
};

export interface ServerError {
  request: string;
  status: number;
  body: string;
}

export class BatteryRun {
  readonly routesSwept = new Set<string>();
  requests = 0;
  readonly serverErrors: ServerError[] = [];
  /** label → value: passwords, keys, tokens, hashes, PINs the battery minted or read back. */
  private readonly secrets = new Map<string, string>();
  private readonly logs: string[] = [];
  leaks: string[] = [];

  /** A sink for the services' log lines (see `captureTestLogs`). */
  readonly logSink = { write: (line: string) => void this.logs.push(line) };

  addLog(text: string): void {
    this.logs.push(text);
  }

  secret(label: string, value: string): string {
    if (value.length >= 6) this.secrets.set(`${label}#${this.secrets.size}`, value);
    return value;
  }

  /** Counts a response; anything ≥ 500 is recorded with the request that caused it. */
  count(request: string, response: Pick<Response, 'status' | 'text'>): void {
    this.requests += 1;
    if (response.status >= 500) {
      this.serverErrors.push({ request, status: response.status, body: response.text.slice(0, 300) });
    }
  }

  /** Requests of the fault tests, where a 503 while a dependency is down is the right answer (checked there). */
  tally(requests: number): void {
    this.requests += requests;
  }

  /** Every form of every secret that must not appear in a log line. */
  forms(): { label: string; form: string }[] {
    const forms: { label: string; form: string }[] = [];
    for (const [label, value] of this.secrets) {
      const encoded = new Set([
        value,
        encodeURIComponent(value),
        Buffer.from(value).toString('base64'),
        Buffer.from(value).toString('base64url'),
        JSON.stringify(value).slice(1, -1),
      ]);
      for (const form of encoded) forms.push({ label, form });
    }
    return forms;
  }

  /** Writes the captured logs to `file` (BATTERY_LOG_FILE), to read what the services said. */
  writeLogs(file: string): void {
    writeFileSync(file, this.logs.join(''));
  }

  /** Searches the captured logs for every form of every secret; returns (and keeps) what it found. */
  scanLogs(): string[] {
    const text = this.logs.join('\n');
    this.leaks = this.forms()
      .filter(({ form }) => text.includes(form))
      .map(({ label, form }) => `${label} (${form.slice(0, 12)}…)`);
    return this.leaks;
  }

  get logLines(): number {
    return this.logs.length;
  }

  get secretCount(): number {
    return this.secrets.size;
  }

  summary(): string {
    return [
      `battery (${LONG ? 'long' : 'quick'}):`,
      `  routes swept:      ${this.routesSwept.size}`,
      `  requests sent:     ${this.requests}`,
      `  responses >= 500:  ${this.serverErrors.length} (the fault tests' 503s while a dependency is down are checked there)`,
      `  secrets minted:    ${this.secretCount}`,
      `  log lines scanned: ${this.logLines}`,
      `  leaks:             ${this.leaks.length}`,
    ].join('\n');
  }
}
