import { fullNameFilter } from '../filter/full-name.filter';
import { defineListQuery, FieldDeclaration } from './list-query.definition';
import { checkListQueryAgainstModel, DatamodelInfo, ModelFieldInfo, ModelInfo } from './model-check';

/** A hand-written datamodel in the shape of Prisma's DMMF. */
const column = (
  name: string,
  type: string,
  options: Partial<Omit<ModelFieldInfo, 'name' | 'type'>> = {},
): ModelFieldInfo => ({
  name,
  type,
  kind: 'scalar',
  isList: false,
  isRequired: true,
  isId: false,
  isUnique: false,
  ...options,
});
const relation = (name: string, type: string, isList: boolean, isRequired = true): ModelFieldInfo => ({
  name,
  type,
  kind: 'object',
  isList,
  isRequired: isList || isRequired,
  relationName: `${name}Relation`,
});

const DATAMODEL: DatamodelInfo = {
  models: [
    {
      name: 'Contact',
      fields: [
        column('id', 'String', { isId: true }),
        column('slug', 'String', { isUnique: true }),
        column('firstName', 'String', { isRequired: false }),
        column('lastName', 'String', { isRequired: false }),
        column('employeeCount', 'Int', { isRequired: false }),
        column('sizeBytes', 'BigInt'),
        column('rating', 'Float', { isRequired: false }),
        column('annualRevenue', 'Decimal', { isRequired: false }),
        column('favorite', 'Boolean'),
        column('createdAt', 'DateTime'),
        column('industry', 'Industry', { kind: 'enum', isRequired: false }),
        column('tags', 'String', { isList: true }),
        column('geometry', 'geometry', { kind: 'unsupported', isRequired: false }),
        column('ownerId', 'String', { isRequired: false }),
        relation('owner', 'User', false, false),
        relation('phoneNumbers', 'ContactPhoneNumber', true),
      ],
    },
    {
      name: 'ContactPhoneNumber',
      fields: [
        column('id', 'String', { isId: true }),
        column('phoneNumber', 'String'),
        relation('contact', 'Contact', false),
      ],
    },
    {
      name: 'User',
      fields: [
        column('id', 'String', { isId: true }),
        column('email', 'String', { isUnique: true }),
        relation('contacts', 'Contact', true),
      ],
    },
  ],
  enums: [{ name: 'Industry', values: [{ name: 'RETAIL' }, { name: 'GOVERNMENT' }, { name: 'HEALTHCARE' }] }],
};

/** A declaration that matches the model in every way the check looks at. */
const GOOD: Record<string, FieldDeclaration> = {
  id: { type: 'uuid', sortable: true },
  slug: { type: 'string' },
  firstName: { type: 'string', nullable: true, sortable: true },
  fullName: { type: 'string', where: fullNameFilter('firstName', 'lastName', { nullable: true }) },
  employeeCount: { type: 'integer', nullable: true },
  sizeBytes: { type: 'bigint', sortable: true },
  rating: { type: 'number', nullable: true },
  revenue: { type: 'decimal', nullable: true, path: ['annualRevenue'] },
  revenueAsNumber: { type: 'number', nullable: true, path: ['annualRevenue'] },
  favorite: { type: 'boolean' },
  createdAt: { type: 'date' },
  industry: { type: 'enum', values: ['RETAIL', 'GOVERNMENT'], nullable: true },
  'owner.email': { type: 'string', path: ['owner', 'email'], sortable: true },
  'phoneNumbers.phoneNumber': { type: 'string', path: ['phoneNumbers', 'phoneNumber'], list: true },
  'phoneNumbers.contact.slug': { type: 'string', path: ['phoneNumbers', 'contact', 'slug'], list: ['phoneNumbers'] },
};

const check = (
  fields: Record<string, FieldDeclaration>,
  tiebreaker?: string,
  datamodel: DatamodelInfo | readonly ModelInfo[] = DATAMODEL,
) => checkListQueryAgainstModel(defineListQuery({ fields, tiebreaker }), 'Contact', datamodel);

/** The message the check throws for `fields`, or undefined. */
function problemsOf(fields: Record<string, FieldDeclaration>, tiebreaker?: string): string | undefined {
  try {
    check(fields, tiebreaker);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('checkListQueryAgainstModel', () => {
  it('accepts a declaration that matches its model: every type, to-one and to-many hops, custom fields skipped', () => {
    expect(() => check(GOOD)).not.toThrow();
    expect(() => check(GOOD, 'slug')).not.toThrow();
  });

  it.each<[string, Record<string, FieldDeclaration>, string]>([
    ['an unknown column', { colour: { type: 'string' } }, "field 'colour': 'colour' is not a field of model Contact."],
    [
      'an unknown column behind a relation',
      { 'owner.name': { type: 'string', path: ['owner', 'name'] } },
      "field 'owner.name': 'name' is not a field of model User.",
    ],
    [
      'an unknown relation',
      { 'emails.email': { type: 'string', path: ['emails', 'email'], list: true } },
      "field 'emails.email': 'emails' is not a field of model Contact.",
    ],
    [
      'a column used as a relation',
      { 'ownerId.email': { type: 'string', path: ['ownerId', 'email'] } },
      "field 'ownerId.email': 'ownerId' of model Contact is a column, not a relation.",
    ],
    [
      'a to-many hop not marked list',
      { 'phoneNumbers.phoneNumber': { type: 'string', path: ['phoneNumbers', 'phoneNumber'] } },
      "field 'phoneNumbers.phoneNumber': 'phoneNumbers' of model Contact is a to-many relation: mark it in `list`.",
    ],
    [
      'a to-one hop marked list',
      { 'owner.email': { type: 'string', path: ['owner', 'email'], list: true } },
      "field 'owner.email': 'owner' of model Contact is a to-one relation but is marked `list`.",
    ],
    [
      'a to-one hop named in list',
      {
        'phoneNumbers.contact.slug': {
          type: 'string',
          path: ['phoneNumbers', 'contact', 'slug'],
          list: ['phoneNumbers', 'contact'],
        },
      },
      "field 'phoneNumbers.contact.slug': 'contact' of model ContactPhoneNumber is a to-one relation but is marked `list`.",
    ],
    [
      'a relation as the column',
      { owner: { type: 'string' } },
      "field 'owner': 'owner' of model Contact (User?) is a relation, not a column.",
    ],
    [
      'a list column',
      { tags: { type: 'string' } },
      "field 'tags': 'tags' of model Contact (String[]) is a list column, which a list query cannot filter or sort.",
    ],
    [
      'an unsupported column',
      { geometry: { type: 'string', nullable: true } },
      "field 'geometry': 'geometry' of model Contact (geometry?) has a type Prisma does not support.",
    ],
    [
      'integer on a String column',
      { slug: { type: 'integer' } },
      "field 'slug': 'slug' of model Contact (String) does not fit type integer, which takes Int; declare it string or uuid.",
    ],
    [
      'integer on a BigInt column',
      { sizeBytes: { type: 'integer' } },
      "field 'sizeBytes': 'sizeBytes' of model Contact (BigInt) does not fit type integer, which takes Int; declare it bigint.",
    ],
    [
      'bigint on an Int column',
      { employeeCount: { type: 'bigint', nullable: true } },
      "'employeeCount' of model Contact (Int?) does not fit type bigint, which takes BigInt; declare it integer.",
    ],
    [
      'number on an Int column',
      { employeeCount: { type: 'number', nullable: true } },
      "'employeeCount' of model Contact (Int?) does not fit type number, which takes Float or Decimal; declare it integer.",
    ],
    [
      'decimal on a Float column',
      { rating: { type: 'decimal', nullable: true } },
      "'rating' of model Contact (Float?) does not fit type decimal, which takes Decimal; declare it number.",
    ],
    [
      'date on a Boolean column',
      { favorite: { type: 'date' } },
      "'favorite' of model Contact (Boolean) does not fit type date",
    ],
    [
      'boolean on a DateTime column',
      { createdAt: { type: 'boolean' } },
      '(DateTime) does not fit type boolean, which takes Boolean; declare it date.',
    ],
    [
      'string on an enum column',
      { industry: { type: 'string', nullable: true } },
      "'industry' of model Contact (Industry?) does not fit type string, which takes String; declare it enum.",
    ],
    [
      'enum on a String column',
      { slug: { type: 'enum', values: ['A'] } },
      "field 'slug': 'slug' of model Contact (String) is not an enum, but the field is declared enum.",
    ],
    [
      'enum values the enum lacks',
      { industry: { type: 'enum', values: ['RETAIL', 'FARMING', 'SPACE'], nullable: true } },
      "field 'industry': 'industry' of model Contact (Industry?): enum Industry has no value FARMING, SPACE (it has RETAIL, GOVERNMENT, HEALTHCARE).",
    ],
    [
      'a required column declared nullable',
      { favorite: { type: 'boolean', nullable: true } },
      "field 'favorite': 'favorite' of model Contact (Boolean) is required, but the field is declared nullable.",
    ],
    [
      'an optional column not declared nullable',
      { firstName: { type: 'string' } },
      "field 'firstName': 'firstName' of model Contact (String?) can be NULL: declare the field nullable.",
    ],
    [
      'nullable wrong behind a to-many hop',
      {
        'phoneNumbers.phoneNumber': {
          type: 'string',
          path: ['phoneNumbers', 'phoneNumber'],
          list: true,
          nullable: true,
        },
      },
      "'phoneNumber' of model ContactPhoneNumber (String) is required, but the field is declared nullable.",
    ],
  ])('names %s', (_case, fields, problem) => {
    const message = problemsOf(fields);
    expect(message).toContain(
      'checkListQueryAgainstModel: the list query does not match Prisma model Contact (1 problem):',
    );
    expect(message).toContain(problem);
  });

  it.each<[string, string]>([
    ['nope', "tiebreaker: 'nope' is not a field of model Contact."],
    ['owner', "tiebreaker: 'owner' of model Contact (User?) is a relation, not a column."],
    ['tags', "tiebreaker: 'tags' of model Contact (String[]) cannot be sorted by."],
    ['ownerId', "tiebreaker: 'ownerId' of model Contact (String?) can be NULL; a tiebreaker must not."],
    [
      'favorite',
      "tiebreaker: 'favorite' of model Contact (Boolean) is neither @id nor @unique, so it cannot break ties.",
    ],
  ])('names a tiebreaker %j that is not a required, unique scalar', (tiebreaker, problem) => {
    expect(problemsOf({ id: { type: 'uuid' } }, tiebreaker)).toContain(problem);
  });

  it('names every problem at once, in one Error', () => {
    const message = problemsOf(
      {
        ...GOOD,
        firstName: { type: 'string' },
        colour: { type: 'string' },
        'phoneNumbers.phoneNumber': { type: 'integer', path: ['phoneNumbers', 'phoneNumber'] },
      },
      'ownerId',
    );
    expect(message).toBe(
      [
        'checkListQueryAgainstModel: the list query does not match Prisma model Contact (6 problems):',
        "- field 'firstName': 'firstName' of model Contact (String?) can be NULL: declare the field nullable.",
        "- field 'phoneNumbers.phoneNumber': 'phoneNumbers' of model Contact is a to-many relation: mark it in `list`.",
        "- field 'phoneNumbers.phoneNumber': 'phoneNumber' of model ContactPhoneNumber (String) does not fit type integer, " +
          'which takes Int; declare it string or uuid.',
        "- field 'colour': 'colour' is not a field of model Contact.",
        "- tiebreaker: 'ownerId' of model Contact (String?) can be NULL; a tiebreaker must not.",
        "- tiebreaker: 'ownerId' of model Contact (String?) is neither @id nor @unique, so it cannot break ties.",
      ].join('\n'),
    );
  });

  it('takes the models alone: then enum values are not checked, the rest is', () => {
    const models = DATAMODEL.models;
    expect(() => check({ industry: { type: 'enum', values: ['SPACE'], nullable: true } }, 'id', models)).not.toThrow();
    expect(() => check({ industry: { type: 'enum', values: ['SPACE'] } }, 'id', models)).toThrow(
      'can be NULL: declare the field nullable.',
    );
  });

  it('without isId/isUnique (a minimal datamodel) does not judge the tiebreaker’s uniqueness', () => {
    const minimal = [
      { name: 'Contact', fields: [{ name: 'id', kind: 'scalar', type: 'String', isList: false, isRequired: true }] },
    ] as const;
    expect(() => check({ id: { type: 'uuid' } }, 'id', { models: minimal })).not.toThrow();
  });

  it('refuses a model the datamodel does not have', () => {
    expect(() => checkListQueryAgainstModel(defineListQuery({ fields: {} }), 'Contacts', DATAMODEL)).toThrow(
      "checkListQueryAgainstModel: model 'Contacts' is not in the datamodel (it has Contact, ContactPhoneNumber, User).",
    );
  });
});
