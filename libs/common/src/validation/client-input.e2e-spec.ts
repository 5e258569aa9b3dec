import { Body, Controller, Get, Module, Patch, Query } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, ValidateNested } from 'class-validator';
import request from 'supertest';
import { createServiceApp } from '../http/service-app';

class TagRequest {
  @ApiProperty()
  @IsString()
  label!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  note?: string | null;
}

class GadgetRequest {
  @ApiProperty()
  @IsString()
  name!: string;

  @ApiProperty()
  @IsBoolean()
  favorite!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: [TagRequest] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TagRequest)
  tags?: TagRequest[];
}

class GadgetPatchRequest extends PartialType(GadgetRequest) {}

@Controller('gadgets')
class GadgetsController {
  @Patch()
  patch(@Body() body: GadgetPatchRequest): GadgetPatchRequest {
    return body;
  }

  @Get()
  list(@Query('q') q?: string): { q: string | null } {
    return { q: q ?? null };
  }
}

@Module({ controllers: [GadgetsController] })
class GadgetsModule {}

/** What every client-controlled input meets before any service code: 400s that name the field, never a 500. */
describe('client input: text PostgreSQL can store, and null only where a field is nullable', () => {
  let app: NestFastifyApplication;
  const patch = (raw: string) =>
    request(app.getHttpServer()).patch('/v1/obs/gadgets').set('Content-Type', 'application/json').send(raw);

  beforeAll(async () => {
    app = await createServiceApp(
      { name: 'obs', title: 'Test', description: 'Test' },
      { module: GadgetsModule },
      {
        LOG_LEVEL: 'silent',
        BODY_LIMIT_BYTES: 10_000,
      },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it.each([
    ['a NUL character', '{"name":"a\\u0000b"}', 'name', /NUL/],
    ['a lone high surrogate', '{"name":"a\\ud800b"}', 'name', /lone UTF-16 surrogate/],
    ['a lone low surrogate', '{"name":"\\udc00"}', 'name', /lone UTF-16 surrogate/],
    ['a NUL in a nested field', '{"tags":[{"label":"ok"},{"label":"x\\u0000"}]}', 'tags[1].label', /NUL/],
    ['a NUL in a field’s name', '{"na\\u0000me":"x"}', 'na\u0000me', /NUL/],
  ])('refuses %s with a 400 naming the field', async (_what, raw, field, message) => {
    const response = await patch(raw).expect(400);
    expect(response.body).toMatchObject({
      status: 400,
      error: 'BAD_REQUEST',
      details: [{ field, message: expect.stringMatching(message) }],
    });
  });

  it('keeps a well-formed surrogate pair (an emoji) as it is', async () => {
    const response = await patch('{"name":"call me \\ud83d\\udcde"}').expect(200);
    expect(response.body.name).toBe('call me 📞');
  });

  it('refuses a NUL or a lone surrogate in the query string', async () => {
    const nul = await request(app.getHttpServer()).get('/v1/obs/gadgets?q=a%00b').expect(400);
    expect(nul.body.details).toEqual([{ field: 'q', message: expect.stringMatching(/NUL/) }]);
    await request(app.getHttpServer()).get('/v1/obs/gadgets?q=ok').expect(200, { q: 'ok' });
  });

  it('refuses null for a field that is not nullable, naming it, and takes it where the field is', async () => {
    const refused = await patch('{"favorite":null,"name":null}').expect(400);
    expect(refused.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['favorite', 'name']);
    expect(refused.body.details[0].message).toMatch(/must not be null/);
    const nested = await patch('{"tags":[{"label":null}]}').expect(400);
    expect(nested.body.details.map((d: { field: string }) => d.field)).toEqual(['tags[0].label']);
    await patch('{"jobTitle":null,"tags":[{"label":"a","note":null}]}').expect(200, {
      jobTitle: null,
      tags: [{ label: 'a', note: null }],
    });
  });

  it('refuses nested lists and nulls where a list of objects is expected', async () => {
    const nested = await patch('{"tags":[[{"label":"a"}]]}').expect(400);
    expect(nested.body.details[0].field).toMatch(/^tags\[0\]/);
    await patch('{"tags":[null]}').expect(400);
    await patch('{"tags":null}').expect(400);
  });
});
