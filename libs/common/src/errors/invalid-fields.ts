import { BadRequestError, ErrorDetail } from './api-error';

export interface InvalidFieldsOptions {
  /** What was invalid, for the message: `request` (the default) → "Invalid request: …", `call` → "Invalid call: …". */
  subject?: string;
  /**
   * With exactly one problem, say the problem rather than name its field: "Invalid request:
   * phoneNumbers[0].phoneNumber has no country code…." — for details whose messages are sentences
   * that start with the field.
   */
  spellOutSingle?: boolean;
}

/**
 * The 400 of a request with invalid fields, the same from the validation pipe and from a
 * service's own checks: "Invalid request: a, b.c are not valid." (each field once, in order of
 * the details), with one detail per problem. Details that name no field cannot be listed: when
 * none does, the first one's message is the message.
 */
export function invalidFieldsError(details: ErrorDetail[], options: InvalidFieldsOptions = {}): BadRequestError {
  const subject = options.subject ?? 'request';
  const fields = [...new Set(details.map((detail) => detail.field).filter(Boolean))];
  let message: string;
  if (options.spellOutSingle && details.length === 1) message = `Invalid ${subject}: ${details[0].message}.`;
  else if (fields.length > 0)
    message = `Invalid ${subject}: ${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} not valid.`;
  else message = details[0]?.message ?? `Invalid ${subject}.`;
  return new BadRequestError(message, details);
}
