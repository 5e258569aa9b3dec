import { CONTACT_NAME_QUERY, CONTACT_QUERY, RECORDING_QUERY, TENANT_QUERY, USER_QUERY } from '../list-query.fixtures';
import { TESTKIT_DATAMODEL, TESTKIT_ENUMS } from '@diallink/testing';
import { checkListQueryAgainstModel, DatamodelInfo, datamodelInfo } from './model-check';

/** The check against a real schema's datamodel, as tools/db/datamodel-generator.js writes it (the test kit's). */
describe('checkListQueryAgainstModel with a generated datamodel', () => {
  const datamodel: DatamodelInfo = datamodelInfo(TESTKIT_DATAMODEL, TESTKIT_ENUMS);

  it('is the whole datamodel: relations, nullability, uniqueness and enum values', () => {
    const recording = datamodel.models.find((model) => model.name === 'Recording');
    expect(recording?.fields.find((field) => field.name === 'sizeBytes')).toMatchObject({
      kind: 'scalar',
      type: 'BigInt',
      isRequired: true,
      isList: false,
    });
    expect(datamodel.enums?.find((candidate) => candidate.name === 'Industry')?.values).toContainEqual(
      expect.objectContaining({ name: 'RETAIL' }),
    );
  });

  it.each([
    ['Tenant', TENANT_QUERY],
    ['User', USER_QUERY],
    ['Recording', RECORDING_QUERY],
    ['Contact', CONTACT_NAME_QUERY],
  ])('passes the int-spec’s declaration over model %s', (model, definition) => {
    expect(() => checkListQueryAgainstModel(definition, model, datamodel)).not.toThrow();
  });

  it('names every way the unit tests’ made-up contacts list differs from the test kit’s Contact model', () => {
    expect(() => checkListQueryAgainstModel(CONTACT_QUERY, 'Contact', datamodel)).toThrow(
      [
        'checkListQueryAgainstModel: the list query does not match Prisma model Contact (12 problems):',
        "- field 'firstName': 'firstName' of model Contact (String?) can be NULL: declare the field nullable.",
        "- field 'lastName': 'lastName' of model Contact (String?) can be NULL: declare the field nullable.",
        ...[
          'country',
          'zip',
          'employeeCount',
          'storageBytes',
          'annualRevenue',
          'rating',
          'price',
          'favorite',
          'updatedAt',
        ].map((field) => `- field '${field}': '${field}' is not a field of model Contact.`),
        "- field 'owner.email': 'owner' is not a field of model Contact.",
      ].join('\n'),
    );
  });
});
