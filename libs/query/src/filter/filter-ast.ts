import type { FilterOperator } from './filter-operators';

/** A parsed `filter` expression: what the client wrote, with positions, before any field is looked up. */
export type FilterNode = FilterGroupNode | FilterConditionNode;

/** `AND(…)` / `OR(…)` with at least one member. */
export interface FilterGroupNode {
  readonly kind: 'group';
  readonly logic: 'AND' | 'OR';
  readonly children: readonly FilterNode[];
  /** Zero-based position of the group's name in the expression. */
  readonly position: number;
}

/** `operator(field,value,…)` with the values as written (unquoted, unescaped). */
export interface FilterConditionNode {
  readonly kind: 'condition';
  readonly operator: FilterOperator;
  readonly field: string;
  readonly values: readonly string[];
  /** Zero-based positions of the operator, the field and each value in the expression. */
  readonly position: number;
  readonly fieldPosition: number;
  readonly valuePositions: readonly number[];
}

/** A value in double quotes, with `"` and `\` escaped: it parses back as exactly `value`. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Values that read back the same without quotes: not empty, no `,()"\`, no surrounding whitespace. */
function needsQuotes(value: string): boolean {
  return value === '' || /[,()"\\]/.test(value) || value.trim() !== value;
}

/** The canonical text of an expression (`AND`/`OR` upper case, operators lower case, quotes where needed). */
export function printFilter(node: FilterNode): string {
  if (node.kind === 'group') return `${node.logic}(${node.children.map(printFilter).join(',')})`;
  const values = node.values.map((value) => (needsQuotes(value) ? quoteFilterValue(value) : value));
  return `${node.operator}(${[node.field, ...values].join(',')})`;
}
