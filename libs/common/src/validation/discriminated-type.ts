import { Type as ClassType } from '@nestjs/common';
import { Type } from 'class-transformer';

/** One kind of a discriminated value: `type: 'TEXT'` → `TextGreeting`. */
export interface SubType {
  name: string;
  value: ClassType<unknown>;
}

/**
 * `@Type` for a property whose class follows a discriminator field (`type`), safe on any input.
 * class-transformer's own `discriminator` option reads the field of every element of an array
 * without looking, so `[null]` where an object is expected throws a TypeError (a 500). Here the
 * class is picked from an object's field only; anything else (an array, a string, null, an
 * unknown or missing `type`) becomes `fallback`, whose rules refuse it with a 400 naming the field.
 */
export function DiscriminatedType(
  fallback: ClassType<unknown>,
  property: string,
  subTypes: SubType[],
): PropertyDecorator {
  const byName = new Map(subTypes.map(({ name, value }) => [name, value]));
  return Type((options) => {
    const value: unknown = options?.object?.[options.property];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fallback;
    const name = (value as Record<string, unknown>)[property];
    return (typeof name === 'string' && byName.get(name)) || fallback;
  });
}
