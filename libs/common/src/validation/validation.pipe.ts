import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadRequestError, ErrorDetail } from '../errors/api-error';
import { documentedShapeProblems } from './not-null';
import { invalidFieldsError } from '../errors/invalid-fields';

/** `phoneNumbers` + `0` → `phoneNumbers[0]`; `address` + `city` → `address.city`. */
function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator's tree of errors as one flat list of field paths and messages. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      details.push({ field: field || undefined, message: rewordMessage(message, field) });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

/** class-validator says "property x should not exist" and "an unknown value was passed"; say what to do. */
function rewordMessage(message: string, field: string): string {
  if (/^property .+ should not exist$/.test(message)) return `${field} is not a known field.`;
  if (message.startsWith('an unknown value was passed to the validate function')) {
    return 'The body must be a JSON object.';
  }
  return message;
}

export function validationException(errors: ValidationError[], extra: ErrorDetail[] = []): BadRequestError {
  return invalidFieldsError([...flattenValidationErrors(errors), ...extra]);
}

/** ValidationPipe, but a JSON body that is not an object (`null`, `[]`, `"x"`) is a 400 for a DTO. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (dto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestError('The body must be a JSON object.');
    }
    const transformed: unknown = await super.transform(value, metadata);
    const problems = dto ? documentedShapeProblems(transformed) : [];
    if (problems.length > 0) throw validationException([], problems);
    return transformed;
  }
}

/** Strict DTO validation for every app: unknown fields are refused, types converted, errors named. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: validationException,
  });
}
