import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length === 0) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone such as Europe/Berlin';
  }
}

@ValidatorConstraint({ name: 'locale' })
class IsLocale implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return false;
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'locale must be a BCP 47 language tag such as en-US';
  }
}

export class SignUpRequest {
  @ApiProperty({ example: 'Arrow Inc.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  companyName!: string;

  @ApiProperty({ example: 'john.doe@company.com' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ description: '8 to 128 characters.' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ example: 'John' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Doe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;
}

export class TenantPatchRequest {
  @ApiPropertyOptional({ example: 'Arrow Inc.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone.' })
  @IsOptional()
  @Validate(IsTimeZone)
  timezone?: string;

  @ApiPropertyOptional({ example: 'de-DE', description: 'BCP 47 language tag.' })
  @IsOptional()
  @Validate(IsLocale)
  locale?: string;
}

export class TenantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'UTC' }) timezone!: string;
  @ApiProperty({ example: 'en-US' }) locale!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class SignUpUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
}

export class SignUpResponse {
  @ApiProperty({ type: TenantResponse }) tenant!: TenantResponse;
  @ApiProperty({ type: SignUpUserResponse, description: 'The owner; log in with POST /auth/tokens.' })
  owner!: SignUpUserResponse;
}

export function toTenantResponse(tenant: TenantResponse): TenantResponse {
  const { id, name, timezone, locale, createdAt, updatedAt } = tenant;
  return { id, name, timezone, locale, createdAt, updatedAt };
}
