import { TypeOverrides } from 'pg';

const int8Oid = 20;
const numericOid = 1700;

/**
 * Type parsers for this store's pool only (pg's global parsers are left alone): `bigint`
 * (counts, micro-USD amounts) and `numeric` (what `sum(bigint)` returns) are read as JS numbers,
 * as SQLite returns them. An integer beyond 2^53 would lose precision, so it is refused.
 */
export function createPostgresTypes(): TypeOverrides {
  const types = new TypeOverrides();
  types.setTypeParser(int8Oid, parseSafeInteger);
  types.setTypeParser(numericOid, Number);
  return types;
}

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`the bigint ${text} is beyond JavaScript's safe integer range`);
  }
  return value;
}
