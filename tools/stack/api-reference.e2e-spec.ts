import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { ServiceName, freePort } from '../../libs/common/src';
import { lintOpenApi } from '../../libs/testing/src/openapi-lint';
import { AccountHubFixture, startAccountHub } from '../../apps/account-hub/src/testing/account-hub.fixture';
import { PhoneSystemFixture, startPhoneSystem } from '../../apps/phone-system/src/testing/phone-system.fixture';
import { createGateway } from './gateway';

describe('the origin’s one API reference (/v1/docs)', () => {
  let hub: AccountHubFixture;
  let phone: PhoneSystemFixture;
  let gateway: FastifyInstance;

  const listen = async (fixture: AccountHubFixture | PhoneSystemFixture): Promise<string> => {
    await fixture.app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(fixture.app.getHttpServer().address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    [hub, phone] = await Promise.all([startAccountHub(), startPhoneSystem()]);
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const upstreams: Record<ServiceName, string> = {
      'account-hub': await listen(hub),
      'phone-system': await listen(phone),
      obs: nobody,
      'call-queue': nobody,
      'number-porting': nobody,
    };
    gateway = await createGateway(upstreams);
    await gateway.ready();
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([hub?.close(), phone?.close()]);
  });

  it('merges the running services’ documents, tagged per service, with the reference’s prose', async () => {
    const response = await request(gateway.server).get('/v1/docs/openapi.json').expect(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.description).toMatch(/## Authentication[\s\S]*## Paging and sorting[\s\S]*## Filtering/);
    for (const operator of [
      'isnull',
      'isnotnull',
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'nin',
      'btn',
      'like',
      'notlike',
    ])
      expect(document.info.description).toContain(`| \`${operator}\` |`);
    expect(document.paths['/v1/phone-system/contacts'].get.operationId).toBe('phoneSystem.contacts.list');
    expect(document.paths['/v1/phone-system/contacts'].get.tags).toEqual(['phone-system: contacts']);
    expect(document.paths['/v1/account-hub/api-keys'].post.operationId).toBe('accountHub.apiKeys.create');
    expect(document['x-tagGroups'].map((group: { name: string }) => group.name)).toEqual([
      'Account Hub API',
      'Phone System API',
    ]);
    expect(document['x-diallink-unavailable']).toEqual(['obs', 'call-queue', 'number-porting']);
    // One error schema for all; a name two services use for different things is kept apart.
    expect(document.components.schemas.Error).toBeDefined();
    expect(document.components.schemas.PhoneSystemError).toBeUndefined();
    const lint = await lintOpenApi(document);
    if (!lint.ok) throw new Error(`redocly lint of the merged document:\n${lint.output}`);
  }, 60_000);

  it('serves a browsable page with its assets', async () => {
    const page = await request(gateway.server).get('/v1/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('/v1/docs/openapi.json');
    await request(gateway.server).get('/v1/docs/assets/swagger-ui-bundle.js').expect(200);
    await request(gateway.server).get('/v1/docs/assets/secrets.txt').expect(404);
  });
});
