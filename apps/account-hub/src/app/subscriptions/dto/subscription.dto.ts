import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PRODUCTS, ProductName } from '@diallink/auth';

export class SubscriptionRequest {
  @ApiProperty({ enum: PRODUCTS, example: 'CALL_QUEUE' })
  @IsIn(PRODUCTS, { message: `product must be one of ${PRODUCTS.join(', ')}` })
  product!: ProductName;
}

export class SubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PRODUCTS }) product!: ProductName;
  @ApiProperty() createdAt!: Date;
}
