/**
 * `npm run events -- <command>`: what an operator does with event delivery, against
 * DATABASE_URL (an administrator's connection) or the local stack's embedded database.
 *
 *   dead-letters [service]             list the deliveries that failed every retry
 *   replay-dead <service> [id …]       put them (all, or those ids) back on the service's queue
 *   replay <consumer> <producer>       ask <producer> for a replay (snapshot) to <consumer>,
 *                                      e.g. after restoring the consumer's schema from a backup
 */
import { Pool } from 'pg';
import { DeadLetters, EventBus, queues } from '../../libs/events/src';
import { SERVICE_NAMES } from '../../libs/registry/src';
import { openLocalDatabase } from '../stack/local-database';

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const database = await openLocalDatabase();
  const pool = new Pool({ connectionString: database.adminUrl, max: 2 });
  const bus = new EventBus({
    url: database.adminUrl,
    maintenanceIntervalSeconds: 3600,
    applicationName: 'diallink-events-cli',
  });
  const dead = new DeadLetters(pool);
  try {
    await bus.start();
    switch (command) {
      case 'dead-letters': {
        for (const service of args.length ? args : SERVICE_NAMES) {
          for (const letter of await dead.list(service)) {
            console.log(
              `${service}\t${letter.id}\t${letter.event.type}\t${letter.event.id}\t${letter.deadSince.toISOString()}\t${letter.error}`,
            );
          }
        }
        break;
      }
      case 'replay-dead': {
        const [service, ...ids] = args;
        if (!service) throw new Error('Usage: npm run events -- replay-dead <service> [id …]');
        console.log(
          `${await dead.replay(bus, service, ids.length ? ids : undefined)} dead letter(s) of ${service} queued again`,
        );
        break;
      }
      case 'replay': {
        const [consumer, producer] = args;
        if (!consumer || !producer) throw new Error('Usage: npm run events -- replay <consumer> <producer>');
        const requestId = (
          await pool.query<{ request_id: string }>(
            `INSERT INTO ${consumer.replace(/-/g, '_')}.event_sources (producer, request_id, requested_at) VALUES ($1, gen_random_uuid(), now())
             ON CONFLICT (producer) DO UPDATE SET request_id = EXCLUDED.request_id, requested_at = now(), completed_at = NULL
             RETURNING request_id`,
            [producer],
          )
        ).rows[0].request_id;
        await bus.send([{ name: queues.replays(producer), id: requestId, data: { consumer, requestId } }]);
        console.log(`asked ${producer} for a replay to ${consumer} (request ${requestId})`);
        break;
      }
      default:
        throw new Error(
          'Usage: npm run events -- dead-letters [service] | replay-dead <service> [id …] | replay <consumer> <producer>',
        );
    }
  } finally {
    await bus.stop();
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
