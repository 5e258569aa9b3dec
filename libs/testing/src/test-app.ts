import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceDefinition, createServiceApp } from '@diallink/common';

let logCapture: { sink: { write(line: string): void }; level: string } | undefined;

/**
 * Sends the logs of every test app started from now on in this process to `sink`, at `level`
 * (instead of none): for tests that read what the services log.
 */
export function captureTestLogs(sink: { write(line: string): void }, level = 'info'): void {
  logCapture = { sink, level };
}

/**
 * The service exactly as `main.ts` builds it (filters, pipes, prefix, docs, 405s), initialised
 * but not listening: hand `app.getHttpServer()` to supertest.
 */
export async function startTestApp(
  definition: ServiceDefinition,
  module: DynamicModule,
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(definition, module, {
    LOG_LEVEL: logCapture?.level ?? process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_STREAM: logCapture?.sink,
    BODY_LIMIT_BYTES: 1_048_576,
    // As behind the gateway: one trusted hop, so tests can say which client address they come from.
    TRUST_PROXY: 1,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
