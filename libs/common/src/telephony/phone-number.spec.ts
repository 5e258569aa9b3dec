import { BadRequestError } from '../errors/api-error';
import { createValidationPipe } from '../validation/validation.pipe';
import { IsE164, internalNumber, publicNumber, toE164 } from './phone-number';

describe('toE164', () => {
  it.each([
    ['+1 717-550-1675', undefined, '+17175501675'],
    ['+17175501675', undefined, '+17175501675'],
    ['  +1 (717) 550.1675 ', undefined, '+17175501675'],
    ['(717) 550-1675', 'US', '+17175501675'],
    ['030 123456', 'DE', '+4930123456'],
    ['0049 30 123456', 'DE', '+4930123456'],
    ['+33 1 23 45 67 89', 'US', '+33123456789'],
  ])('reads %j (country %s) as %s', (typed, country, e164) => {
    expect(toE164(typed, country)).toEqual({ ok: true, number: e164 });
  });

  it.each([
    ['717 550 1675', undefined, /no country code.*give a country/],
    ['717 550 1675', 'AQ', /AQ has no national numbering/],
    ['+1 555 0100', undefined, /not a valid phone number/],
    ['717 550', 'US', /not a valid phone number of US/],
    ['+1-717-550-1675 ext. 2', undefined, /not a phone number/],
    ['tel:+17175501675', undefined, /not a phone number/],
    ['+', undefined, /not a phone number/],
    ['1+2', 'US', /not a phone number/],
  ])('refuses %j (country %s)', (typed, country, problem) => {
    const result = toE164(typed, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});

describe('publicNumber and internalNumber', () => {
  it('normalises public numbers to E.164 and refuses anything else', () => {
    expect(publicNumber(' +1 (717) 550-1675 ')).toEqual({ ok: true, number: '+17175501675' });
    expect(publicNumber('+44 20 7183 8750')).toEqual({ ok: true, number: '+442071838750' });
    expect(publicNumber('7175501675').ok).toBe(false);
    expect(publicNumber('+15555550100').ok).toBe(false);
    expect(publicNumber('+1 717 550 1675 ext. 5').ok).toBe(false);
    expect(publicNumber('101').ok).toBe(false);
  });

  it('takes extensions of 2 to 8 digits on internal calls', () => {
    expect(internalNumber('101')).toEqual({ ok: true, number: '101' });
    expect(internalNumber('12345678')).toEqual({ ok: true, number: '12345678' });
    expect(internalNumber('+17175501675')).toEqual({ ok: true, number: '+17175501675' });
    expect(internalNumber('1').ok).toBe(false);
    expect(internalNumber('123456789').ok).toBe(false);
    expect(internalNumber('*97').ok).toBe(false);
  });
});

describe('@IsE164()', () => {
  class Forward {
    @IsE164()
    number!: string;
  }
  class Labelled {
    @IsE164({ message: 'the fax number is not one we can dial' })
    fax!: string;
  }
  const pipe = createValidationPipe();
  const body = (metatype: new () => object, value: unknown) => pipe.transform(value, { type: 'body', metatype });

  it('normalises a valid international number before validation', async () => {
    await expect(body(Forward, { number: ' +1 (717) 550-1675 ' })).resolves.toEqual({ number: '+17175501675' });
    await expect(body(Forward, { number: '+442071838750' })).resolves.toBeInstanceOf(Forward);
  });

  it.each([['7175501675'], ['+15555550100'], ['101'], [17175501675], [null]])(
    'refuses %j with a 400 naming the field',
    async (number) => {
      const refused = await body(Forward, { number }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BadRequestError);
      expect(refused).toMatchObject({
        message: 'Invalid request: number is not valid.',
        details: [{ field: 'number', message: 'number must be a valid phone number in E.164 form, e.g. +14155550100' }],
      });
    },
  );

  it('takes the usual validation options', async () => {
    const refused = await body(Labelled, { fax: '12' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ details: [{ field: 'fax', message: 'the fax number is not one we can dial' }] });
  });
});
