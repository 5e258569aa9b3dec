import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'diallink:public';

/** Marks a route that answers without credentials (health, docs, the token endpoint). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
