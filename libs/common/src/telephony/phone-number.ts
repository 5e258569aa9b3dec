import { Transform } from 'class-transformer';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers of every service, in one place: what a person may type, and the E.164 form
 * (`+17175501675`) that is stored, checked against libphonenumber's full metadata (valid, not only
 * of a possible length). `toE164` reads a typed number (national ones in a given country),
 * `publicNumber` an international one, `internalNumber` an extension or an international one, and
 * `@IsE164()` makes a DTO property an international number, normalised before validation.
 */

/** What a person may type: digits, one leading `+`, and the usual separators. */
const DIALABLE = /^\+?[\d\s().\-/]+$/;
/** An internal extension of the tenant's phone system, e.g. `101`. */
const EXTENSION = /^\d{2,8}$/;

export type E164Result = { ok: true; number: string } | { ok: false; problem: string };

/**
 * A number as typed (`+1 717-550-1675`, `(717) 550-1675`) in E.164. A number without `+` and
 * country code is read as a national number of `defaultCountry`, and refused when there is none.
 */
export function toE164(text: string, defaultCountry?: string | null): E164Result {
  const typed = text.trim();
  if (!DIALABLE.test(typed) || !/\d/.test(typed)) {
    return {
      ok: false,
      problem: 'is not a phone number: use digits, an optional leading + and spaces, dashes, dots or parentheses',
    };
  }
  const international = typed.startsWith('+');
  const region = defaultCountry && isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  if (!international && !region) {
    const hint = defaultCountry
      ? `the country ${defaultCountry} has no national numbering to read it in`
      : 'or give a country to read it in';
    return {
      ok: false,
      problem: `has no country code: write it in international format (+ and the country code, e.g. +17175501675), ${hint}`,
    };
  }
  const parsed = international ? parsePhoneNumberFromString(typed) : parsePhoneNumberFromString(typed, region);
  if (!parsed || !parsed.isValid()) {
    return {
      ok: false,
      problem: international ? 'is not a valid phone number' : `is not a valid phone number of ${region}`,
    };
  }
  return { ok: true, number: parsed.number };
}

/** A public number in international form only (a call record or a route has no country to read a national one in). */
export function publicNumber(text: string): E164Result {
  if (!text.trim().startsWith('+')) {
    return { ok: false, problem: 'must be an E.164 phone number: + and the country code, e.g. +17175501675' };
  }
  return toE164(text);
}

/** A number of an internal call: an extension (2 to 8 digits) or a public number in E.164. */
export function internalNumber(text: string): E164Result {
  const typed = text.trim();
  if (EXTENSION.test(typed)) return { ok: true, number: typed };
  const result = publicNumber(typed);
  return result.ok ? result : { ok: false, problem: 'must be an extension (2 to 8 digits) or an E.164 phone number' };
}

/**
 * A DTO property holding a public number: normalised to E.164 before validation when valid,
 * refused with "<field> must be a valid phone number in E.164 form" otherwise.
 */
export function IsE164(options?: ValidationOptions): PropertyDecorator {
  const normalised = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const result = publicNumber(value);
    return result.ok ? result.number : undefined;
  };
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }: { value: unknown }) => normalised(value) ?? value)(target, propertyName);
    registerDecorator({
      name: 'isE164',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ property }) => `${property} must be a valid phone number in E.164 form, e.g. +14155550100`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalised(value) === value },
    });
  };
}
