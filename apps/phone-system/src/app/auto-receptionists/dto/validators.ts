import { ValidationOptions, registerDecorator } from 'class-validator';

/** Area/Location names and the few single names (UTC, EST…): never a bare offset such as +01:00. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The canonical IANA name of `zone` (`europe/berlin` → `Europe/Berlin`), or undefined if unknown. */
export function canonicalTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length > 64 || !ZONE_NAME.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** A real calendar date `YYYY-MM-DD` (2026-02-29 is not one). */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function simpleValidator(name: string, validate: (value: unknown) => boolean, message: (property: string) => string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: ({ property }) => message(property), ...options },
        validator: { validate },
      });
}

export const IsTimeZone = simpleValidator(
  'isTimeZone',
  (value) => canonicalTimeZone(value) !== undefined,
  (property) => `${property} must be an IANA time zone such as Europe/Berlin or America/New_York`,
);

export const IsLocalDate = simpleValidator(
  'isLocalDate',
  isLocalDate,
  (property) => `${property} must be a calendar date YYYY-MM-DD`,
);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const IsTimeOfDay = simpleValidator(
  'isTimeOfDay',
  (value) => typeof value === 'string' && TIME.test(value),
  (property) => `${property} must be a time HH:mm between 00:00 and 23:59`,
);

/** A closing time: `HH:mm`, or `24:00` for the end of the day. */
export const IsClosingTime = simpleValidator(
  'isClosingTime',
  (value) => typeof value === 'string' && (TIME.test(value) || value === '24:00'),
  (property) => `${property} must be a time HH:mm, or 24:00 for the end of the day`,
);

/** `2026-03-30T07:30:00Z`, `…T09:30+02:00`, fractions of a second allowed; a space for `+` (query strings). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+\- ])(\d{2}):(\d{2}))$/;

/** The instant an ISO 8601 date-time with `Z` or an offset names, or undefined (no offset is ambiguous). */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', , sign, oh = '0', om = '0'] = match;
  if (!isLocalDate(`${y}-${mo}-${d}`)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const instant = new Date(0);
  instant.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  instant.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, '0')));
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return new Date(instant.getTime() - offsetMinutes * 60_000);
}

export const IsInstant = simpleValidator(
  'isInstant',
  (value) => parseInstant(value) !== undefined,
  (property) => `${property} must be an ISO 8601 instant with Z or an offset, e.g. 2026-03-30T07:30:00Z`,
);
