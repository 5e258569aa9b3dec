import { BadRequestError } from '@diallink/common';

/**
 * A problem with one filter condition that its field found: a value of the wrong type, a value a
 * custom `where` builder refuses. The parser turns it into a 400 naming the parameter and the
 * position of the condition.
 */
export class FilterConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterConditionError';
  }
}

/** The 400 for one malformed query parameter; `position` is zero-based inside the parameter's value. */
export function invalidParameter(parameter: string, problem: string, position?: number): BadRequestError {
  const at = position === undefined ? '' : ` at position ${position}`;
  return new BadRequestError(`Invalid query parameter '${parameter}'${at}: ${problem}`, [
    position === undefined ? { field: parameter, message: problem } : { field: parameter, message: problem, position },
  ]);
}

/** A client's value quoted for an error message, cut short so that a 4 kB value does not come back whole. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
