/**
 * Faults under steady load. The database outage runs on a PostgreSQL server of its own (the other
 * suites share theirs): while it is down every answer is a 503 with Retry-After and the error body,
 * never another 5xx; it recovers without restarting the service; and what it acknowledged is stored
 * while what it refused is not (no partial writes).
 *
 * The supervisor (a killed service restarts, the others keep serving) and graceful shutdown (in-flight
 * requests finish on SIGTERM) have their own tests: tools/stack/supervisor.e2e-spec.ts and
 * libs/common/src/http/graceful-shutdown.e2e-spec.ts.
 */
import { Client } from 'pg';
import { eventually } from '@diallink/testing';
import { OutageRig, startOutageRig } from '../../testing/outage-rig';
import { BatteryRun, SIZE } from './run';

export function describeFaults(run: BatteryRun): void {
  describe('faults: the database stops and starts again under steady load', () => {
    let rig: OutageRig;

    beforeAll(async () => {
      rig = await startOutageRig({ RATE_LIMIT_PER_MINUTE: '1000000' });
    }, 180_000);

    afterAll(() => rig?.close(), 60_000);

    it('answers 503 with Retry-After while it is down, recovers by itself, and writes nothing half', async () => {
      const owner = await rig.accounts.tenant();
      run.secret('outage owner key', owner.apiKey);
      const acknowledged = new Set<string>();
      const refused = new Set<string>();
      const wrong: string[] = [];
      let sequence = 0;
      let stop = false;
      let downAnswers = 0;

      const client = async (index: number) => {
        while (!stop) {
          const marker = `load-${index}-${(sequence += 1)}`;
          const response = await rig.phone
            .http()
            .post('/v1/phone-system/contacts')
            .set('X-API-KEY', owner.apiKey)
            .send({
              firstName: marker,
              lastName: 'Load',
              // Two rows besides the contact's: a write is whole when all three are there.
              phoneNumbers: [
                { type: 'WORK', phoneNumber: `+4930${String(2 * sequence).padStart(7, '0')}` },
                { type: 'MOBILE', phoneNumber: `+4930${String(2 * sequence + 1).padStart(7, '0')}` },
              ],
            });
          run.tally(1);
          if (response.status === 201) acknowledged.add(marker);
          else {
            refused.add(marker);
            if (response.status === 503) {
              downAnswers += 1;
              if (response.body?.status !== 503 || !(Number(response.headers['retry-after']) > 0))
                wrong.push(`503 without Retry-After or error body: ${response.text.slice(0, 200)}`);
            } else wrong.push(`${response.status}: ${response.text.slice(0, 200)}`);
          }
        }
      };
      const clients = Array.from({ length: SIZE.loadClients }, (_, index) => client(index));
      await eventually(30_000, async () => acknowledged.size >= 5);
      await rig.stopDatabase();
      await new Promise((resolve) => setTimeout(resolve, SIZE.outageMs));
      await rig.startDatabase();
      const acknowledgedBefore = acknowledged.size;
      // Recovery without restarting anything: writes are acknowledged again.
      await eventually(90_000, async () => acknowledged.size >= acknowledgedBefore + 5);
      stop = true;
      await Promise.all(clients);

      expect(wrong).toEqual([]);
      expect(downAnswers).toBeGreaterThan(0);
      const db = new Client({ connectionString: rig.adminUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ first_name: string; numbers: number }>(
          `SELECT c.first_name, count(n.id)::int AS numbers FROM phone_system.contacts c
             LEFT JOIN phone_system.contact_phone_numbers n ON n.contact_id = c.id
            WHERE c.last_name = 'Load' GROUP BY c.id, c.first_name`,
        );
        const stored = new Set(rows.map((row) => row.first_name));
        expect([...acknowledged].filter((marker) => !stored.has(marker))).toEqual([]);
        // A refused write may have committed before its connection broke (the client cannot know);
        // what must never be stored is half of one: a contact without its numbers.
        expect(rows.filter((row) => row.numbers !== 2)).toEqual([]);
      } finally {
        await db.end();
      }
    }, 300_000);
  });
}
