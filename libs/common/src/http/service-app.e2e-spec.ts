import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { ConflictError, NotFoundError } from '../errors/api-error';
import { UuidParam } from '../dto/uuid-param';
import { createServiceApp } from './service-app';
import { ExactPath } from './route-table';

class PartRequest {
  @IsString()
  sku!: string;
}

class WidgetRequest {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsInt()
  @Min(1)
  @Max(5)
  count!: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => PartRequest)
  parts?: PartRequest[];
}

@Controller('widgets')
class WidgetsController {
  @Post()
  create(@Body() body: WidgetRequest): WidgetRequest {
    return body;
  }

  @Get('fault')
  fault(): never {
    throw new Error('connect ECONNREFUSED; SELECT * FROM secrets');
  }

  @Post('conflict')
  conflict(): never {
    throw new ConflictError('A widget with this name already exists.', [{ field: 'name', message: 'taken' }]);
  }

  @Get(':id')
  get(@UuidParam() id: string): never {
    throw new NotFoundError('Widget', id);
  }

  /** As an object-key route will be: `a/` and `a` are two keys. */
  @Get('keys/*')
  @ExactPath()
  key(@Param('*') key: string): { key: string } {
    return { key };
  }
}

@Module({ controllers: [WidgetsController] })
class WidgetsModule {}

describe('createServiceApp: the error body of every service', () => {
  let app: NestFastifyApplication;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: WidgetsModule },
      { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_000 },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('takes one trailing slash on a fixed route, never on an ExactPath route (object keys)', async () => {
    await request(server()).post('/v1/obs/widgets/').send({ name: 'gear', count: 2 }).expect(201);
    await request(server()).post('/v1/obs/widgets/conflict/?x=1').expect(409);
    await request(server()).post('/v1/obs/widgets//').send({ name: 'gear', count: 2 }).expect(404);
    expect((await request(server()).get('/v1/obs/widgets/keys/a/').expect(200)).body).toEqual({ key: 'a/' });
    expect((await request(server()).get('/v1/obs/widgets/keys/a').expect(200)).body).toEqual({ key: 'a' });
  });

  it('accepts a valid body and converts nothing implicitly', async () => {
    const response = await request(server())
      .post('/v1/obs/widgets')
      .send({ name: 'gear', count: 2, parts: [{ sku: 'a1' }] })
      .expect(201);
    expect(response.body).toEqual({ name: 'gear', count: 2, parts: [{ sku: 'a1' }] });
  });

  it('names every invalid and unknown field in a 400', async () => {
    const response = await request(server())
      .post('/v1/obs/widgets')
      .set('X-Request-Id', 'req-1')
      .send({ name: 'far too long a name', count: '2', parts: [{ sku: 7 }], colour: 'red' })
      .expect(400);
    expect(response.body).toMatchObject({ status: 400, error: 'BAD_REQUEST', requestId: 'req-1' });
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'count', 'parts[0].sku', 'colour']));
    expect(response.body.details).toContainEqual({ field: 'colour', message: 'colour is not a known field.' });
    expect(response.body.message).toMatch(/name/);
  });

  it('refuses a body nested absurdly deep with a 400, not a stack overflow', async () => {
    const deep = `{"name":"deep","count":1,"parts":${'['.repeat(5_000)}{"sku":"x"}${']'.repeat(5_000)}}`;
    const app2 = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: WidgetsModule },
      { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_000_000 },
    );
    await app2.init();
    await app2.getHttpAdapter().getInstance().ready();
    try {
      const response = await request(app2.getHttpServer())
        .post('/v1/obs/widgets')
        .set('Content-Type', 'application/json')
        .send(deep)
        .expect(400);
      expect(response.body.message).toMatch(/nests too deep at parts/);
    } finally {
      await app2.close();
    }
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['[{"name":"x","count":1}]', 'null', '"gear"', '42']) {
      const response = await request(server())
        .post('/v1/obs/widgets')
        .set('Content-Type', 'application/json')
        .send(body);
      expect([body, response.status, response.body.message]).toEqual([body, 400, 'The body must be a JSON object.']);
    }
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const response = await request(server())
      .post('/v1/obs/widgets')
      .set('Content-Type', 'application/json')
      .send('{"name": "gear",')
      .expect(400);
    expect(response.body).toMatchObject({ status: 400, error: 'BAD_REQUEST', details: [] });
    expect(response.body.message).toMatch(/JSON/);
  });

  it('answers a body of another content type with 415', async () => {
    const response = await request(server())
      .post('/v1/obs/widgets')
      .set('Content-Type', 'text/plain')
      .send('name=gear')
      .expect(415);
    expect(response.body).toMatchObject({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(server())
      .post('/v1/obs/widgets')
      .send({ name: 'x'.repeat(2_000), count: 1 })
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
  });

  it('maps domain errors to their status with details', async () => {
    const response = await request(server()).post('/v1/obs/widgets/conflict').expect(409);
    expect(response.body).toMatchObject({
      status: 409,
      error: 'CONFLICT',
      message: 'A widget with this name already exists.',
      details: [{ field: 'name', message: 'taken' }],
    });
    const missing = await request(server()).get('/v1/obs/widgets/2b3c0a53-4f7e-4c38-a1f1-0f2b8f0e4e11').expect(404);
    expect(missing.body.message).toBe("Widget '2b3c0a53-4f7e-4c38-a1f1-0f2b8f0e4e11' not found.");
  });

  it('refuses a malformed id with a 400 naming the parameter', async () => {
    const response = await request(server()).get('/v1/obs/widgets/not-a-uuid').expect(400);
    expect(response.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('answers what is refused before routing with the error body too: bad encoding, long segments, huge query', async () => {
    for (const [path, status] of [
      ['/v1/obs/widgets/%E0%A4%A', 400],
      ['/v1/obs/widgets/%ED%A0%80', 400],
      [`/v1/obs/widgets/${'x'.repeat(600)}`, 414],
      [`/v1/obs/widgets?q=${'x'.repeat(20_000)}`, 431],
    ] as const) {
      const response = await request(server()).get(path);
      expect(response.status).toBe(status);
      expect(response.body).toEqual({
        status,
        error: expect.any(String),
        message: expect.any(String),
        details: [],
        requestId: expect.any(String),
      });
    }
  });

  it('answers a fault with a 500 that reveals nothing of it', async () => {
    const response = await request(server()).get('/v1/obs/widgets/fault').expect(500);
    expect(response.body).toMatchObject({ status: 500, error: 'INTERNAL_SERVER_ERROR', details: [] });
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|ECONNREFUSED|at /);
  });

  it('logs a fault through its own log stream, even when another application started after it', async () => {
    const lines: string[] = [];
    const own = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: WidgetsModule },
      { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 1_000, LOG_STREAM: { write: (line) => lines.push(line) } },
    );
    await own.init();
    // Nest's static logger now writes to this later application's stream, not to `own`'s.
    const later = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: WidgetsModule },
      { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 1_000, LOG_STREAM: { write: () => undefined } },
    );
    await later.init();
    try {
      await own.getHttpAdapter().getInstance().ready();
      const response = await request(own.getHttpServer()).get('/v1/obs/widgets/fault').expect(500);
      const failure = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'request failed');
      expect(failure).toMatchObject({ level: 50, requestId: response.body.requestId, method: 'GET' });
    } finally {
      await later.close();
      await own.close();
    }
  });

  it('answers a method a path does not take with 405 and Allow, and a parameterised path too', async () => {
    const response = await request(server()).put('/v1/obs/widgets').expect(405);
    expect(response.headers.allow).toBe('POST');
    const byId = await request(server()).delete('/v1/obs/widgets/2b3c0a53-4f7e-4c38-a1f1-0f2b8f0e4e11').expect(405);
    expect(byId.headers.allow).toBe('GET, HEAD');
  });
});
