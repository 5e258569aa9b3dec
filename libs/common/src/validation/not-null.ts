import type { ErrorDetail } from '../errors/api-error';

/** Where @nestjs/swagger keeps an `@ApiProperty`'s options. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface PropertyMetadata {
  nullable?: boolean;
  isArray?: boolean;
  type?: unknown;
}

const SCALARS: unknown[] = [String, Number, Boolean, Object, Date];

function metadataOf(target: object, property: string): PropertyMetadata | undefined {
  return Reflect.getMetadata(API_MODEL_PROPERTIES, target, property) as PropertyMetadata | undefined;
}

function declaredNullable(metadata: PropertyMetadata | undefined): boolean {
  if (!metadata) return true;
  return metadata.nullable === true || (Array.isArray(metadata.type) && metadata.type.includes('null'));
}

/** The request DTO a list property holds, when it is documented as a list of objects. */
function listItemClass(metadata: PropertyMetadata | undefined): unknown {
  if (!metadata) return undefined;
  const type = Array.isArray(metadata.type) ? metadata.type[0] : metadata.type;
  const isList = metadata.isArray === true || Array.isArray(metadata.type);
  return isList && typeof type === 'function' && !SCALARS.includes(type) ? type : undefined;
}

/**
 * What a validated request DTO holds against what its `@ApiProperty`s document, for one rule
 * across every DTO (the documents and the validation agree by construction): `null` only where a
 * field is `nullable` (`{"favorite": null}` in a PATCH is a 400 naming the field, never a 500 from
 * the database), and a list of objects holds objects (no nested list, no `null` item).
 */
export function documentedShapeProblems(instance: unknown, parent = ''): ErrorDetail[] {
  if (instance === null || typeof instance !== 'object') return [];
  if (Array.isArray(instance))
    return instance.flatMap((item, index) => documentedShapeProblems(item, `${parent}[${index}]`));
  const prototype = Object.getPrototypeOf(instance) as object | null;
  if (!prototype || prototype === Object.prototype) return [];
  return Object.entries(instance).flatMap(([property, value]): ErrorDetail[] => {
    const field = parent ? `${parent}.${property}` : property;
    const metadata = metadataOf(prototype, property);
    if (value === null) return declaredNullable(metadata) ? [] : [{ field, message: `${field} must not be null` }];
    if (listItemClass(metadata) && Array.isArray(value)) {
      const notObjects = value.flatMap((item, index) =>
        item === null || typeof item !== 'object' || Array.isArray(item)
          ? [{ field: `${field}[${index}]`, message: `${field}[${index}] must be an object` }]
          : [],
      );
      if (notObjects.length > 0) return notObjects;
    }
    return documentedShapeProblems(value, field);
  });
}
