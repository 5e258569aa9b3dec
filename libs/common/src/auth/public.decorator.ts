import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { OPENAPI_MARKS } from '../openapi/finish-document';

export const IS_PUBLIC = 'diallink:public';

/**
 * Marks a route that answers without credentials (health, docs, the token endpoint); its
 * OpenAPI operation gets `security: []`.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(OPENAPI_MARKS.public, true));
