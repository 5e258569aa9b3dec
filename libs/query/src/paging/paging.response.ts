import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Paging } from './paginate';

/** The `paging` object for response schemas: `@ApiProperty({ type: PagingResponse }) paging`. */
export class PagingResponse implements Paging {
  @ApiProperty({ example: 1 })
  pageNumber!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;

  @ApiProperty({ example: 1, description: 'Exact, or a lower bound when totalNumberOfRecordsIsEstimate is true.' })
  totalNumberOfRecords!: number;

  @ApiProperty({ example: 1 })
  totalNumberOfPages!: number;

  @ApiProperty({ example: false })
  hasNextPage!: boolean;

  @ApiProperty({ example: false })
  hasPreviousPage!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '-updatedAt',
    description: 'The sort as requested; null without sort.',
  })
  sortingCriteria!: string | null;

  @ApiProperty({ example: false, description: 'There are more records besides those retrieved.' })
  hasMore!: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Present, and true, only when totalNumberOfRecords is a lower bound.',
  })
  totalNumberOfRecordsIsEstimate?: true;
}
