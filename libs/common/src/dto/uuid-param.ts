import { Param, ParseUUIDPipe } from '@nestjs/common';
import { BadRequestError } from '../errors/api-error';

/** A path parameter that must be a UUID (400 naming it otherwise), e.g. `@UuidParam() id: string`. */
export function UuidParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestError(`Path parameter '${name}' must be a UUID.`, [{ field: name, message: 'must be a UUID' }]),
    }),
  );
}
