import { scopeArgs } from './tenant-scope';

const TENANT = '11111111-1111-4111-8111-111111111111';

describe('scopeArgs', () => {
  it('adds the tenant to the filter of every read, update and delete', () => {
    for (const operation of ['findUnique', 'findFirst', 'findMany', 'count', 'update', 'updateMany', 'delete', 'deleteMany']) {
      expect(scopeArgs(operation, { where: { id: 'x' } }, TENANT).where).toEqual({ id: 'x', tenantId: TENANT });
    }
    expect(scopeArgs('findMany', undefined, TENANT)).toEqual({ where: { tenantId: TENANT } });
  });

  it('wins over a tenant given by the caller', () => {
    expect(scopeArgs('findMany', { where: { tenantId: 'other' } }, TENANT).where).toEqual({ tenantId: TENANT });
  });

  it('writes the tenant into what is created, one row or many', () => {
    expect(scopeArgs('create', { data: { name: 'a' } }, TENANT).data).toEqual({ name: 'a', tenantId: TENANT });
    expect(scopeArgs('createMany', { data: [{ name: 'a' }, { name: 'b', tenantId: 'other' }] }, TENANT).data).toEqual([
      { name: 'a', tenantId: TENANT },
      { name: 'b', tenantId: TENANT },
    ]);
  });

  it('never moves a row to another tenant', () => {
    expect(scopeArgs('update', { where: { id: 'x' }, data: { name: 'a', tenantId: 'other' } }, TENANT).data).toEqual({ name: 'a' });
    const upsert = scopeArgs('upsert', { where: { id: 'x' }, create: { name: 'a' }, update: { tenantId: 'other' } }, TENANT);
    expect(upsert).toEqual({ where: { id: 'x', tenantId: TENANT }, create: { name: 'a', tenantId: TENANT }, update: {} });
  });
});
