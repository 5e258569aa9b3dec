/**
 * What a service's Prisma schema says about its models, as tools/db/datamodel-generator.js
 * writes it next to the generated client (`generated/datamodel/datamodel.ts`).
 */
export interface FieldInfo {
  readonly name: string;
  /** Column name. */
  readonly dbName: string;
  readonly kind: string;
  /** Scalar type (`String`, `Int`, …), enum name, or related model name. */
  readonly type: string;
  readonly isList: boolean;
  readonly isRequired: boolean;
  readonly isId: boolean;
  readonly isUnique: boolean;
  readonly relationName?: string;
  /** The column's PostgreSQL type when the schema names one (`Uuid`, `Timestamptz`). */
  readonly nativeType?: string;
}

export interface ModelInfo {
  readonly name: string;
  /** Table name. */
  readonly dbName: string;
  readonly fields: readonly FieldInfo[];
}

/** Models with a `tenantId` column: every query of theirs is limited to one tenant. */
export function tenantModels(models: readonly ModelInfo[]): ReadonlySet<string> {
  return new Set(
    models
      .filter((model) => model.fields.some((field) => field.name === 'tenantId' && field.kind === 'scalar'))
      .map((m) => m.name),
  );
}

export function modelInfo(models: readonly ModelInfo[], name: string): ModelInfo {
  const model = models.find((candidate) => candidate.name === name);
  if (!model) throw new Error(`No model ${name} in this service's schema`);
  return model;
}
