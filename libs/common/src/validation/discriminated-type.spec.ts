import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { Equals, IsObject, ValidateNested, validateSync } from 'class-validator';
import { DiscriminatedType } from './discriminated-type';

class AnyShape {
  @Equals('never', { message: 'type must be one of CIRCLE' })
  type!: string;
}
class Circle {
  @Equals('CIRCLE')
  type!: 'CIRCLE';
  radius!: number;
}
class Drawing {
  @IsObject()
  @ValidateNested()
  @DiscriminatedType(AnyShape, 'type', [{ name: 'CIRCLE', value: Circle }])
  shape!: unknown;
}

describe('DiscriminatedType', () => {
  it('picks the class from the discriminator and keeps it', () => {
    const drawing = plainToInstance(Drawing, { shape: { type: 'CIRCLE', radius: 2 } });
    expect(drawing.shape).toBeInstanceOf(Circle);
    expect(drawing.shape).toEqual({ type: 'CIRCLE', radius: 2 });
    expect(validateSync(drawing)).toEqual([]);
  });

  it.each([[[null]], [[[null]]], [null], ['CIRCLE'], [{ type: 'SQUARE' }], [{}], [[{ type: 'CIRCLE' }]]])(
    'never throws on %j and leaves it to validation to refuse',
    (shape) => {
      const drawing = plainToInstance(Drawing, { shape });
      const errors = validateSync(drawing);
      expect(errors.map((error) => error.property)).toEqual(['shape']);
    },
  );
});
