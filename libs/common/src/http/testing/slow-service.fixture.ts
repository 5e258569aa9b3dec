/**
 * A service with one slow route, run as its own process by graceful-shutdown.e2e-spec.ts:
 * `GET /v1/<SERVICE_NAME>/slow` (obs by default) answers after SLOW_MS milliseconds; it listens on
 * SOCKET_PATH as well when given.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { ServiceName, createServiceApp, runService } from '../service-app';

const SLOW_MS = Number(process.env.SLOW_MS ?? 1_000);

@Controller('slow')
class SlowController {
  @Get()
  async slow(): Promise<{ finished: true }> {
    // The test waits for this line before it sends SIGTERM: the request is then in flight.
    process.stdout.write('slow request started\n');
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    return { finished: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

async function main(): Promise<void> {
  const app = await createServiceApp(
    { name: (process.env.SERVICE_NAME ?? 'obs') as ServiceName, title: 'Slow', description: 'Slow' },
    { module: SlowModule },
    {
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1_000,
    },
  );
  await runService(app, { HOST: '127.0.0.1', PORT: Number(process.env.PORT), SOCKET_PATH: process.env.SOCKET_PATH });
}

void main();
