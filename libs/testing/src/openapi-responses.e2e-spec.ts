import { Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import request from 'supertest';
import { ConflictError, ServiceDefinition, WithLocation, createServiceApp, serviceDocument } from '@diallink/common';
import { OpenApiResponseCheck, withResponseCheck } from './openapi-responses';

class GadgetResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', nullable: true }) size!: number | null;
}

const GADGET = { id: '671db0b8-0576-4867-a611-662bba3ae364', name: 'gear', size: null };

/** Answers as documented, and — on purpose — not. */
@ApiTags('gadgets')
@Controller('gadgets')
class GadgetsController {
  @Get('right')
  @ApiOkResponse({ type: GadgetResponse })
  right(): GadgetResponse {
    return GADGET;
  }

  @Get('extra-field')
  @ApiOkResponse({ type: GadgetResponse })
  extraField(): GadgetResponse {
    return { ...GADGET, secret: 'not in the document' } as GadgetResponse;
  }

  @Get('wrong-type/:id')
  @ApiOkResponse({ type: GadgetResponse })
  wrongType(@Param('id') id: string): GadgetResponse {
    return { ...GADGET, id, size: '7' as unknown as number };
  }

  @Get('undocumented-status')
  @ApiOkResponse({ type: GadgetResponse })
  undocumentedStatus(): GadgetResponse {
    throw new ConflictError('A conflict no decorator documents.');
  }

  @Post()
  @HttpCode(200)
  @WithLocation()
  @ApiOkResponse({ type: GadgetResponse })
  create(): GadgetResponse {
    return GADGET;
  }
}

@Module({ controllers: [GadgetsController] })
class GadgetsModule {}

const DEFINITION: ServiceDefinition = { name: 'obs', title: 'Gadgets', description: 'The response check’s own test.' };
const BASE = '/v1/obs/gadgets';

describe('withResponseCheck: every response is checked against the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let http: () => ReturnType<typeof request>;

  beforeAll(async () => {
    app = await createServiceApp(
      DEFINITION,
      { module: GadgetsModule },
      { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1024 },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const check = new OpenApiResponseCheck(serviceDocument(app, DEFINITION));
    http = () => withResponseCheck(request(app.getHttpServer()), () => check);
  });

  afterAll(async () => {
    await app.close();
  });

  it('passes a response as documented, and the error bodies of unknown routes and methods', async () => {
    await http().get(`${BASE}/right`).expect(200, GADGET);
    await http().get(`${BASE}/nothing-here/at/all`).expect(404);
    await http().delete(`${BASE}/right`).expect(405);
  });

  it('fails a response with a field the document does not name (the schemas are closed)', async () => {
    await expect(http().get(`${BASE}/extra-field`)).rejects.toThrow(/must NOT have additional properties \(secret\)/);
  });

  it('fails a response whose field has another type than documented', async () => {
    await expect(http().get(`${BASE}/wrong-type/not-a-uuid`)).rejects.toThrow(
      /body\/id must match format "uuid"[\s\S]*body\/size must be integer,null/,
    );
  });

  it('fails a status the operation does not document', async () => {
    await expect(http().get(`${BASE}/undocumented-status`)).rejects.toThrow(/status 409 is not documented/);
  });

  it('fails an API header the response does not document', async () => {
    // The 200 of create documents no Location (WithLocation documents it on a 201 only).
    await expect(http().post(BASE)).rejects.toThrow(/header location is sent but not documented/);
  });
});
