import type { FieldType } from '../filter/filter-operators';
import type { ListQueryDefinition, ResolvedField } from './list-query.definition';

/**
 * One field of a Prisma model, as Prisma's DMMF describes it (`datamodel.models[].fields[]`):
 * only what the check reads, so the DMMF itself, or a hand-written fixture, satisfies it.
 */
export interface ModelFieldInfo {
  readonly name: string;
  readonly kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  /** The scalar type (`String`, `Int`, `BigInt`, …), the enum's name, or the related model's name. */
  readonly type: string;
  readonly isList: boolean;
  readonly isRequired: boolean;
  /** `@unique` on this one field. When neither this nor `isId` is given, uniqueness is not checked. */
  readonly isUnique?: boolean;
  /** `@id` on this one field. */
  readonly isId?: boolean;
  readonly relationName?: string | null;
}

/** One Prisma model, as in Prisma's DMMF (`datamodel.models[]`). */
export interface ModelInfo {
  readonly name: string;
  readonly fields: readonly ModelFieldInfo[];
}

/** One Prisma enum, as in Prisma's DMMF (`datamodel.enums[]`). */
export interface EnumInfo {
  readonly name: string;
  readonly values: readonly { readonly name: string }[];
}

/** Prisma's DMMF `datamodel`: models, and enums to check declared enum values against. */
export interface DatamodelInfo {
  readonly models: readonly ModelInfo[];
  readonly enums?: readonly EnumInfo[];
}

/**
 * The datamodel as tools/db/datamodel-generator.js writes it next to each generated client
 * (`DATAMODEL`, and `ENUMS` as name → values) in the shape the check reads.
 */
export function datamodelInfo(
  models: readonly ModelInfo[],
  enums: Readonly<Record<string, readonly string[]>>,
): DatamodelInfo {
  return {
    models,
    enums: Object.entries(enums).map(([name, values]) => ({ name, values: values.map((value) => ({ name: value })) })),
  };
}

/** The Prisma scalar types each declared type can filter and sort. */
const COLUMN_TYPES: Readonly<Record<Exclude<FieldType, 'enum'>, readonly string[]>> = {
  string: ['String'],
  uuid: ['String'],
  integer: ['Int'],
  bigint: ['BigInt'],
  // Not Int: Prisma refuses a float past 64 bits on an Int column (a 500), and 1.5 is not an Int.
  number: ['Float', 'Decimal'],
  decimal: ['Decimal'],
  boolean: ['Boolean'],
  date: ['DateTime'],
};

/** The declared type that suits a Prisma scalar type, for the hint in a message. */
const SUGGESTED: Readonly<Record<string, string>> = {
  String: 'string or uuid',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'number',
  Decimal: 'decimal',
  Boolean: 'boolean',
  DateTime: 'date',
};

function describeColumn(field: ModelFieldInfo): string {
  return `${field.type}${field.isList ? '[]' : ''}${field.isRequired || field.isList ? '' : '?'}`;
}

/** The problems of one filterable/sortable column field, each a sentence. */
function fieldProblems(
  field: ResolvedField,
  root: ModelInfo,
  models: ReadonlyMap<string, ModelInfo>,
  enums: ReadonlyMap<string, EnumInfo> | undefined,
): string[] {
  const problems: string[] = [];
  let model = root;
  const hops = field.path.slice(0, -1);
  for (const [index, hop] of hops.entries()) {
    const relation = model.fields.find((candidate) => candidate.name === hop);
    if (!relation) return [...problems, `'${hop}' is not a field of model ${model.name}.`];
    if (relation.kind !== 'object')
      return [...problems, `'${hop}' of model ${model.name} is a column, not a relation.`];
    if (relation.isList && !field.toMany[index]) {
      problems.push(`'${hop}' of model ${model.name} is a to-many relation: mark it in \`list\`.`);
    } else if (!relation.isList && field.toMany[index]) {
      problems.push(`'${hop}' of model ${model.name} is a to-one relation but is marked \`list\`.`);
    }
    const next = models.get(relation.type);
    if (!next)
      return [...problems, `'${hop}' of model ${model.name} leads to model ${relation.type}, which is missing.`];
    model = next;
  }

  const name = field.path[field.path.length - 1];
  const column = model.fields.find((candidate) => candidate.name === name);
  if (!column) return [...problems, `'${name}' is not a field of model ${model.name}.`];
  const where = `'${name}' of model ${model.name} (${describeColumn(column)})`;
  if (column.kind === 'object') return [...problems, `${where} is a relation, not a column.`];
  if (column.kind === 'unsupported') return [...problems, `${where} has a type Prisma does not support.`];
  if (column.isList) return [...problems, `${where} is a list column, which a list query cannot filter or sort.`];

  if (field.type === 'enum') {
    if (column.kind !== 'enum') {
      problems.push(`${where} is not an enum, but the field is declared enum.`);
    } else {
      const declared = enums?.get(column.type);
      if (enums && !declared) {
        problems.push(`${where} has enum type ${column.type}, which is missing from the datamodel's enums.`);
      } else if (declared) {
        const known = new Set(declared.values.map((value) => value.name));
        const unknown = field.enumValues.filter((value) => !known.has(value));
        if (unknown.length > 0)
          problems.push(
            `${where}: enum ${column.type} has no value ${unknown.join(', ')} (it has ${[...known].join(', ')}).`,
          );
      }
    }
  } else if (column.kind !== 'scalar' || !COLUMN_TYPES[field.type].includes(column.type)) {
    const hint = column.kind === 'enum' ? 'enum' : SUGGESTED[column.type];
    problems.push(
      `${where} does not fit type ${field.type}, which takes ${COLUMN_TYPES[field.type].join(' or ')}` +
        `${hint ? `; declare it ${hint}` : ''}.`,
    );
  }
  if (column.isRequired && field.nullable) {
    problems.push(`${where} is required, but the field is declared nullable.`);
  } else if (!column.isRequired && !field.nullable) {
    problems.push(`${where} can be NULL: declare the field nullable.`);
  }
  return problems;
}

/** The problems of the tiebreaker: it must be a required, unique scalar column of the model. */
function tiebreakerProblems(tiebreaker: string, model: ModelInfo): string[] {
  const column = model.fields.find((candidate) => candidate.name === tiebreaker);
  if (!column) return [`'${tiebreaker}' is not a field of model ${model.name}.`];
  const where = `'${tiebreaker}' of model ${model.name} (${describeColumn(column)})`;
  if (column.kind === 'object') return [`${where} is a relation, not a column.`];
  if (column.kind === 'unsupported' || column.isList) return [`${where} cannot be sorted by.`];
  const problems: string[] = [];
  if (!column.isRequired) problems.push(`${where} can be NULL; a tiebreaker must not.`);
  if ((column.isId !== undefined || column.isUnique !== undefined) && !column.isId && !column.isUnique)
    problems.push(`${where} is neither @id nor @unique, so it cannot break ties.`);
  return problems;
}

/**
 * Checks a list query declaration against the Prisma model it queries, e.g. at start-up:
 *
 *     checkListQueryAgainstModel(CONTACT_QUERY, 'Contact', datamodel);
 *
 * `datamodel` is Prisma's DMMF datamodel (`{ models, enums }`, enums optional) or just its models.
 * Throws one Error naming every problem: a path segment that is not a field (relations followed
 * by their type), a to-many hop not marked `list` or a to-one hop marked so, a declared type the
 * column cannot take, `nullable` disagreeing with the column, enum values the enum lacks (when
 * enums are given), and a tiebreaker that is not a required, unique scalar. Fields with a custom
 * `where` are virtual and not checked.
 */
export function checkListQueryAgainstModel(
  definition: ListQueryDefinition,
  model: string,
  datamodel: DatamodelInfo | readonly ModelInfo[],
): void {
  const { models: modelList, enums: enumList } = isModelList(datamodel)
    ? { models: datamodel, enums: undefined }
    : datamodel;
  const models = new Map(modelList.map((candidate) => [candidate.name, candidate]));
  const enums = enumList && new Map(enumList.map((candidate) => [candidate.name, candidate]));
  const root = models.get(model);
  if (!root) {
    throw new Error(
      `checkListQueryAgainstModel: model '${model}' is not in the datamodel (it has ${[...models.keys()].join(', ') || 'none'}).`,
    );
  }
  const problems: string[] = [];
  for (const field of definition.fields.values()) {
    if (field.where) continue;
    for (const problem of fieldProblems(field, root, models, enums)) problems.push(`field '${field.name}': ${problem}`);
  }
  for (const problem of tiebreakerProblems(definition.tiebreaker, root)) problems.push(`tiebreaker: ${problem}`);
  if (problems.length > 0) {
    throw new Error(
      `checkListQueryAgainstModel: the list query does not match Prisma model ${model} ` +
        `(${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
    );
  }
}

function isModelList(datamodel: DatamodelInfo | readonly ModelInfo[]): datamodel is readonly ModelInfo[] {
  return Array.isArray(datamodel);
}
