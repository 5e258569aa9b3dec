import { BadRequestError } from './api-error';
import { invalidFieldsError } from './invalid-fields';

describe('invalidFieldsError', () => {
  const problem = (field: string | undefined, message = `${field} is wrong`) => ({ field, message });

  it('names each offending field once, in the order of the details, and keeps every detail', () => {
    const details = [problem('name'), problem('menu.options[2].key'), problem('name', 'name is too long')];
    const error = invalidFieldsError(details);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      message: 'Invalid request: name, menu.options[2].key are not valid.',
      details,
    });
    expect(invalidFieldsError([problem('route.targetId')]).message).toBe(
      'Invalid request: route.targetId is not valid.',
    );
  });

  it('says what was invalid', () => {
    expect(invalidFieldsError([problem('endedAt')], { subject: 'call' }).message).toBe(
      'Invalid call: endedAt is not valid.',
    );
  });

  it('spells out a single problem when asked, and only a single one', () => {
    const one = [problem('phoneNumbers[0].phoneNumber', 'phoneNumbers[0].phoneNumber has no country code')];
    expect(invalidFieldsError(one, { spellOutSingle: true }).message).toBe(
      'Invalid request: phoneNumbers[0].phoneNumber has no country code.',
    );
    expect(invalidFieldsError(one).message).toBe('Invalid request: phoneNumbers[0].phoneNumber is not valid.');
    expect(invalidFieldsError([problem('firstName'), problem('lastName')], { spellOutSingle: true }).message).toBe(
      'Invalid request: firstName, lastName are not valid.',
    );
  });

  it('lists only the details that name a field, and falls back to the first message when none does', () => {
    expect(invalidFieldsError([problem(undefined, 'The body must be a JSON object.'), problem('a')]).message).toBe(
      'Invalid request: a is not valid.',
    );
    expect(invalidFieldsError([problem(undefined, 'The body must be a JSON object.')]).message).toBe(
      'The body must be a JSON object.',
    );
    expect(invalidFieldsError([]).message).toBe('Invalid request.');
  });
});
