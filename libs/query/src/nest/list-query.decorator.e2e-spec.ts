import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import request from 'supertest';
import { startTestApp } from '@diallink/testing';
import { CONTACT_QUERY } from '../list-query.fixtures';
import type { ParsedListQuery } from '../list-query.parser';
import { PagingResponse } from '../paging/paging.response';
import { ApiListQuery } from './api-list-query.decorator';
import { ListQuery } from './list-query.decorator';

class ContactItem {
  @ApiProperty()
  firstName!: string;
}

class ContactListResponse {
  @ApiProperty({ type: [ContactItem] })
  data!: ContactItem[];

  @ApiProperty({ type: PagingResponse })
  paging!: PagingResponse;
}

@Controller('contacts')
class ContactsController {
  @Get()
  @ApiListQuery(CONTACT_QUERY)
  @ApiOkResponse({ type: ContactListResponse })
  list(@ListQuery(CONTACT_QUERY) query: ParsedListQuery): ParsedListQuery {
    return query;
  }
}

@Module({ controllers: [ContactsController] })
class ContactsModule {}

describe('@ListQuery and @ApiListQuery in a service', () => {
  let app: NestFastifyApplication;
  const get = (query: string) => request(app.getHttpServer()).get(`/v1/phone-system/contacts${query}`);

  beforeAll(async () => {
    app = await startTestApp({ name: 'phone-system', title: 'Test', description: 'Test' }, { module: ContactsModule });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('hands the controller the parsed query', async () => {
    const response = await get(
      '?filter=AND(eq(firstName,Sophia),like(phoneNumbers.phoneNumber,1675))&pageSize=5&sort=-updatedAt',
    ).expect(200);
    expect(response.body).toEqual({
      where: {
        AND: [
          { firstName: 'Sophia' },
          { phoneNumbers: { some: { phoneNumber: { contains: '1675', mode: 'insensitive' } } } },
        ],
      },
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      pageNumber: 1,
      pageSize: 5,
      skip: 0,
      take: 5,
      sortingCriteria: '-updatedAt',
      count: 'auto',
    });
  });

  it('reads a raw + in sort as ascending and reports it as +', async () => {
    const response = await get('?sort=+price').expect(200);
    expect(response.body.sortingCriteria).toBe('+price');
    expect(response.body.orderBy).toEqual([{ price: 'asc' }, { id: 'asc' }]);
  });

  it('combines a repeated parameter with AND and decodes quoted, encoded values', async () => {
    const response = await get(
      `?country=US&country=FR&companyName=${encodeURIComponent('in::"Smith, Jones",Acme')}`,
    ).expect(200);
    expect(response.body.where).toEqual({
      AND: [{ country: 'US' }, { country: 'FR' }, { companyName: { in: ['Smith, Jones', 'Acme'] } }],
    });
  });

  it('answers a malformed filter with the 400 error body, naming parameter and position', async () => {
    const response = await get('?filter=OR(gt(annualRevenue,500000)),gt(employeeCount,1000))')
      .set('X-Request-Id', 'r-1')
      .expect(400);
    expect(response.body).toEqual({
      status: 400,
      error: 'BAD_REQUEST',
      message:
        'Invalid query parameter \'filter\' at position 28: unexpected "," after the end of the expression (unbalanced parentheses?).',
      details: [
        {
          field: 'filter',
          message: 'unexpected "," after the end of the expression (unbalanced parentheses?).',
          position: 28,
        },
      ],
      requestId: 'r-1',
    });
  });

  it('answers bad paging, an unknown parameter and a wrong value with 400s naming them', async () => {
    expect((await get('?pageSize=101').expect(400)).body.details).toEqual([
      { field: 'pageSize', message: 'must be an integer from 1 to 100.' },
    ]);
    expect((await get('?colour=red').expect(400)).body.details[0].field).toBe('colour');
    expect((await get('?employeeCount=gt::abc').expect(400)).body.details).toEqual([
      { field: 'employeeCount', message: 'employeeCount: "abc" is not an integer.', position: 4 },
    ]);
  });

  it('documents paging, sort, filter, count and every filterable field in the OpenAPI reference', async () => {
    const document = (await request(app.getHttpServer()).get('/v1/phone-system/docs/openapi.json').expect(200)).body;
    const parameters: Array<{ name: string; in: string; description: string; schema: Record<string, unknown> }> =
      document.paths['/v1/phone-system/contacts'].get.parameters;
    const names = parameters.map((parameter) => parameter.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pageNumber',
        'pageSize',
        'sort',
        'filter',
        'count',
        'firstName',
        'fullName',
        'phoneNumbers.phoneNumber',
        'industry',
      ]),
    );
    expect(names).not.toContain('price');
    const byName = new Map(parameters.map((parameter) => [parameter.name, parameter]));
    expect(byName.get('pageSize')?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(byName.get('sort')?.description).toContain(
      'Sortable fields: firstName, lastName, companyName, country, employeeCount, storageBytes, price, updatedAt, id, owner.email.',
    );
    expect(byName.get('storageBytes')?.description).toContain('Type: 64-bit integer, can be empty.');
    expect(byName.get('industry')?.description).toContain('Values: RETAIL, GOVERNMENT, HEALTHCARE, FINANCIAL.');
    expect(byName.get('employeeCount')?.description).toContain(
      'Operators: isnull, isnotnull, eq, neq, in, nin, gt, gte, lt, lte, btn.',
    );
    expect(parameters.every((parameter) => parameter.in === 'query')).toBe(true);
  });

  it('documents the paging envelope of the response', async () => {
    const document = (await request(app.getHttpServer()).get('/v1/phone-system/docs/openapi.json').expect(200)).body;
    const paging = document.components.schemas.PagingResponse;
    expect(Object.keys(paging.properties)).toEqual([
      'pageNumber',
      'pageSize',
      'totalNumberOfRecords',
      'totalNumberOfPages',
      'hasNextPage',
      'hasPreviousPage',
      'sortingCriteria',
      'hasMore',
      'totalNumberOfRecordsIsEstimate',
    ]);
    expect(paging.required).not.toContain('totalNumberOfRecordsIsEstimate');
    expect(paging.properties.sortingCriteria).toMatchObject({ type: ['string', 'null'] });
  });
});
