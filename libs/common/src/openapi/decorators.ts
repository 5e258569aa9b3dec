import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STANDARD_ERRORS } from './error-schema';

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
