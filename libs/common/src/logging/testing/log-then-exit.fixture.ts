/**
 * A service that logs, then ends, run as its own process by log-destination.e2e-spec.ts.
 * END=exit: 2,000 info lines, then `process.exit(3)` at once; END=throw: the same lines, then an
 * uncaught exception; END=serve: it listens on PORT (GET /v1/obs/things) until SIGTERM.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { createServiceApp, runService } from '../../http/service-app';

@Controller('things')
class ThingsController {
  @Get()
  list(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const LINES = 2_000;

async function main(): Promise<void> {
  const app = await createServiceApp(
    { name: 'obs', title: 'Log', description: 'Log' },
    { module: ThingsModule },
    { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 1_000 },
  );
  const end = process.env.END;
  if (end === 'serve') {
    await runService(app, { HOST: '127.0.0.1', PORT: Number(process.env.PORT) });
    return;
  }
  await app.init();
  const log = app.getHttpAdapter().getInstance().log;
  for (let n = 1; n <= LINES; n++) log.info({ n }, 'numbered line');
  if (end === 'exit') process.exit(3);
  process.nextTick(() => {
    throw new Error('crash after logging');
  });
}

void main();
