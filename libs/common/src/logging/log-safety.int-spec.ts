import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { TestDatabase, createTestDatabase, createTestkitClient } from '@diallink/testing';
import { createServiceApp } from '../http/service-app';
import { errorForLog, redactUrl } from './log-safety';

describe('what a log line may show', () => {
  it('keeps credential-like query values out of a URL', () => {
    expect(redactUrl('/v1/obs/things?api_key=k1&sort=-name&access_token=t2&X-API-KEY=k3&pageSize=5')).toBe(
      '/v1/obs/things?api_key=[REDACTED]&sort=-name&access_token=[REDACTED]&X-API-KEY=[REDACTED]&pageSize=5',
    );
    expect(redactUrl('/v1/obs/things')).toBe('/v1/obs/things');
    expect(redactUrl('/v1/x?%ZZ=1&password')).toBe('/v1/x?%ZZ=1&password');
  });

  describe('a Prisma error', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.drop());

    it('without the arguments its message dumps (a password hash, an email)', async () => {
      const prisma = createTestkitClient(database.url);
      try {
        const tenant = await prisma.tenant.create({ data: { name: 'Acme' } });
        const error = await prisma.user
          .create({
            data: {
              tenantId: tenant.id,
              email: 'leak@example.test',
              passwordHash: '$argon2id$v=19$SECRET-HASH',
              firstName: 123 as unknown as string,
              lastName: 'x',
            },
          })
          .catch((caught: unknown) => caught);
        expect(String((error as Error).message)).toContain('SECRET-HASH');
        const logged = JSON.stringify(errorForLog(error));
        expect(logged).not.toMatch(/SECRET-HASH|leak@example\.test/);
        expect(logged).toContain('PrismaClientValidationError');
      } finally {
        await prisma.$disconnect();
      }
    });
  });

  it('writes no query credential into the request log lines of a service', async () => {
    @Controller('things')
    class ThingsController {
      @Get()
      list() {
        return { ok: true };
      }
    }
    @Module({ controllers: [ThingsController] })
    class ThingsModule {}
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    // The service's pino writes its JSON lines to stdout: kept here instead of printed.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(chunk.toString());
      return true;
    }) as typeof process.stdout.write;
    try {
      const app = await createServiceApp(
        { name: 'obs', title: 'T', description: 'T' },
        { module: ThingsModule },
        { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 1_000 },
      );
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const response = await request(app.getHttpServer())
        .get('/v1/obs/things?api_key=very-secret-key-123&page=1')
        .expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      await app.close();
    } finally {
      process.stdout.write = write;
    }
    const log = lines.join('');
    expect(log).toContain('/v1/obs/things?api_key=[REDACTED]&page=1');
    expect(log).not.toContain('very-secret-key-123');
  });
});
