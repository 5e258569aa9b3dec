import type { Type } from '@nestjs/common';
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
    enum: [true],
    description: 'Present, and true, only when totalNumberOfRecords is a lower bound.',
  })
  totalNumberOfRecordsIsEstimate?: true;
}

const PAGE_CLASSES = new Map<Type, Type>();

/**
 * The named list envelope `{data, paging}` of `item` for response schemas: `ContactResponse` →
 * `ContactPage`, one class (one schema) per item type.
 */
export function pageResponseOf(item: Type): Type {
  let page = PAGE_CLASSES.get(item);
  if (!page) {
    const name = `${item.name.replace(/Response$/, '')}Page`;
    page = { [name]: class {} }[name];
    ApiProperty({ type: [item], description: 'The records of this page, in the requested order.' })(
      page.prototype as object,
      'data',
    );
    ApiProperty({ type: PagingResponse, description: 'Where this page is in the whole list.' })(
      page.prototype as object,
      'paging',
    );
    PAGE_CLASSES.set(item, page);
  }
  return page;
}
