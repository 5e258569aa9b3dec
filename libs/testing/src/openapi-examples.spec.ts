import { Body, Controller, Get, HttpCode, Module, Post, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ApiExamples, ServiceDefinition, createServiceApp, serviceDocument } from '@diallink/common';
import { checkExamples } from './openapi-examples';

class WidgetRequest {
  @ApiProperty({ example: 'gear' }) @IsString() name!: string;
}

class WidgetResponse {
  @ApiProperty({ format: 'uuid', example: '671db0b8-0576-4867-a611-662bba3ae364' }) id!: string;
  @ApiProperty({ example: 'gear' }) name!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 3 }) size!: number | null;
}

/** A property example its own schema refuses. */
class MislabelledResponse {
  @ApiProperty({ type: 'integer', example: 'seven' }) size!: number;
}

const WIDGET = { id: '671db0b8-0576-4867-a611-662bba3ae364', name: 'gear', size: null };

@ApiTags('widgets')
@Controller('widgets')
class WidgetsController {
  @Post()
  @ApiCreatedResponse({ type: WidgetResponse })
  @ApiExamples({
    request: { right: { summary: 'As the schema says', value: { name: 'gear' } } },
    responses: { 201: { right: { summary: 'As the schema says', value: WIDGET } } },
  })
  create(@Body() body: WidgetRequest): WidgetResponse {
    return { ...WIDGET, name: body.name };
  }

  @Get('wrong')
  @ApiOkResponse({ type: WidgetResponse })
  @ApiExamples({
    responses: {
      200: {
        extraField: { summary: 'A field the schema does not name', value: { ...WIDGET, colour: 'red' } },
        wrongType: { summary: 'size as a string', value: { ...WIDGET, size: '7' } },
        missingField: { summary: 'no name', value: { id: WIDGET.id, size: 1 } },
        notAUuid: { summary: 'id not a UUID', value: { ...WIDGET, id: 'w-1' } },
      },
    },
  })
  wrong(): WidgetResponse {
    return WIDGET;
  }

  @Post('wrong')
  @HttpCode(200)
  @ApiOkResponse({ type: MislabelledResponse })
  @ApiExamples({ request: { unknownField: { summary: 'A field the request does not take', value: { nom: 'x' } } } })
  wrongRequest(@Body() body: WidgetRequest): MislabelledResponse {
    return { size: body.name.length };
  }
}

@ApiTags('widgets')
@Controller('misplaced')
class MisplacedExamplesController {
  @Get()
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiExamples({ responses: { 204: { body: { summary: 'There is no body to illustrate', value: {} } } } })
  empty(): void {
    return undefined;
  }
}

const DEFINITION: ServiceDefinition = { name: 'obs', title: 'Widgets', description: 'The example check’s own test.' };

async function documentOf(...controllers: Type[]) {
  @Module({ controllers })
  class WidgetsModule {}
  const app: NestFastifyApplication = await createServiceApp(
    DEFINITION,
    { module: WidgetsModule },
    { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1024 },
  );
  try {
    return serviceDocument(app, DEFINITION);
  } finally {
    await app.close();
  }
}

describe('checkExamples: every example of a document is validated against its schema', () => {
  it('passes the examples the schemas accept, and fails each one they do not, saying where and why', async () => {
    const document = await documentOf(WidgetsController);
    const created = (document.paths['/v1/obs/widgets'].post?.responses['201'] as { content: Record<string, unknown> })
      .content['application/json'];
    expect(created).toMatchObject({ examples: { right: { summary: 'As the schema says', value: WIDGET } } });

    const { checked, problems } = checkExamples(document);
    const wrong = '#/paths/~1v1~1obs~1widgets~1wrong';
    expect(problems.sort()).toEqual(
      [
        `${wrong}/get/responses/200/content/application~1json/examples/extraField: (the example) must NOT have additional properties (colour)`,
        `${wrong}/get/responses/200/content/application~1json/examples/wrongType: /size must be integer,null`,
        `${wrong}/get/responses/200/content/application~1json/examples/missingField: (the example) must have required property 'name'`,
        `${wrong}/get/responses/200/content/application~1json/examples/notAUuid: /id must match format "uuid"`,
        `${wrong}/post/requestBody/content/application~1json/examples/unknownField: (the example) must have required property 'name'`,
        `${wrong}/post/requestBody/content/application~1json/examples/unknownField: (the example) must NOT have additional properties (nom)`,
        '#/components/schemas/MislabelledResponse/properties/size/example: (the example) must be integer',
      ].sort(),
    );
    // The right ones were checked too: the widget's request and 201, its properties, the error schema.
    expect(checked).toBeGreaterThan(problems.length + 2);
  });

  it('passes a document whose examples are all right', async () => {
    const document = await documentOf(WidgetsController);
    delete document.paths['/v1/obs/widgets/wrong'];
    delete document.components?.schemas?.MislabelledResponse;
    expect(checkExamples(document).problems).toEqual([]);
  });

  it('refuses examples of a response with no JSON body when the document is made', async () => {
    await expect(documentOf(MisplacedExamplesController)).rejects.toThrow(
      'OpenAPI: /v1/obs/misplaced (misplacedExamples.empty) has examples for its 204 response, which has no JSON body.',
    );
  });
});
