import { EVENT_CATALOG, SERVICES } from '@diallink/registry';
import { catalogCompatibilityProblems, compatibilityProblems, eventDataProblems } from './catalog';

describe('the event catalog', () => {
  it('keeps every type’s versions compatible: a new version only adds optional fields', () => {
    expect(catalogCompatibilityProblems()).toEqual([]);
  });

  it('names what breaks the rule: a removed, retyped or newly required field', () => {
    const v1 = {
      type: 'object',
      required: ['user'],
      properties: {
        user: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
      },
    };
    expect(compatibilityProblems(v1, { ...v1, properties: { ...v1.properties, reason: { type: 'string' } } })).toEqual(
      [],
    );
    expect(
      compatibilityProblems(v1, {
        type: 'object',
        required: ['user'],
        properties: { user: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
      }),
    ).toEqual(['data.user.id changed type from string to integer', 'data.user.name was removed']);
    expect(
      compatibilityProblems(v1, {
        ...v1,
        required: ['user', 'reason'],
        properties: { ...v1.properties, reason: { type: 'string' } },
      }),
    ).toEqual(['data.reason is new and required (new fields must be optional)']);
  });

  it('has a producer for every subscription, named <service>.<resource>.<verb>', () => {
    for (const service of SERVICES) {
      for (const type of service.subscribes) expect(Object.keys(EVENT_CATALOG)).toContain(type);
    }
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(type).toMatch(new RegExp(`^${entry.producer}\\.[a-z-]+\\.[a-z-]+$`));
    }
  });

  it('validates data against the version it names', () => {
    expect(
      eventDataProblems('account-hub.user.deleted', 1, {
        user: { id: '6c0a3e0e-0d0e-4f9e-9b7e-1f1f1f1f1f1f', revision: 2 },
      }),
    ).toEqual([]);
    expect(eventDataProblems('account-hub.user.deleted', 1, { user: { id: 'x' } }).join()).toMatch(/revision|format/);
  });
});
