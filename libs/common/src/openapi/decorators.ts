import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { STANDARD_ERRORS } from './error-schema';
import { OPENAPI_MARKS, OperationExamples } from './finish-document';

/**
 * The error statuses an operation answers besides those every operation of its kind gets (see
 * `finishDocument`), each with why: `@ApiErrors({ 409: 'The name is taken.' })`. Every one is
 * documented with the one error schema.
 */
export function ApiErrors(errors: Partial<Record<number, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description: description ?? STANDARD_ERRORS[status]?.description ?? '' }),
    ),
  );
}

/**
 * Example bodies of an operation, by name (`finishDocument` puts them on the JSON media of the
 * request body and of each response): `@ApiExamples(CONTACT_EXAMPLES.create)`. Keep them in a
 * `<resource>.examples.ts` beside the controller; every service's test validates each one
 * against its schema.
 */
export function ApiExamples(examples: OperationExamples): MethodDecorator {
  return ApiExtension(OPENAPI_MARKS.examples, examples);
}
