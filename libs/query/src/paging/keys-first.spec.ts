import { keysFirst } from './keys-first';
import type { FindManyArgs } from './paginate';

const args: FindManyArgs = {
  where: { country: 'US' },
  orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
  skip: 40,
  take: 21,
};

describe('keysFirst', () => {
  it('reads the keys with the page’s arguments, then the rows of those keys, in the keys’ order', async () => {
    const findKeys = jest.fn(async () => ['c', 'a', 'b']);
    const findByKeys = jest.fn(async (keys: string[]) => [...keys].sort().map((id) => ({ id })));
    const rows = await keysFirst(findKeys, findByKeys, (row) => row.id)(args);
    expect(findKeys).toHaveBeenCalledWith(args);
    expect(findByKeys).toHaveBeenCalledWith(['c', 'a', 'b']);
    expect(rows).toEqual([{ id: 'c' }, { id: 'a' }, { id: 'b' }]);
  });

  it('skips a row deleted between the two reads, and does not read rows for an empty page', async () => {
    const findByKeys = jest.fn(async () => [{ id: 'b' }]);
    expect(
      await keysFirst(
        async () => ['a', 'b'],
        findByKeys,
        (row) => row.id,
      )(args),
    ).toEqual([{ id: 'b' }]);
    const never = jest.fn(async () => []);
    expect(
      await keysFirst(
        async () => [],
        never,
        (row: { id: string }) => row.id,
      )(args),
    ).toEqual([]);
    expect(never).not.toHaveBeenCalled();
  });
});
