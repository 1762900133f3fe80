/**
 * The few places where the two stores' SQL differs, so that a query both run is written once.
 * Everything else in the shared queries is SQL that SQLite and Postgres read alike.
 */
export interface SqlDialect {
  /** A named parameter compared with NULL: Postgres must be told its type, SQLite needs no cast. */
  typed(name: string, type: 'text' | 'bigint' | 'boolean'): string;
  /** An expression compared or sorted without regard to case: SQLite's columns that need it collate NOCASE. */
  caseless(expression: string): string;
  /** Case-insensitive LIKE (SQLite's LIKE already ignores ASCII case). */
  ilike: 'LIKE' | 'ILIKE';
  /** The UTC calendar day, YYYY-MM-DD, of a column of epoch milliseconds. */
  utcDay(column: string): string;
  /** A top-level field of a column holding JSON text. */
  jsonField(column: string, key: string): string;
  /** A FROM item with one row (column `value`) per element of a column holding a JSON array of strings. */
  jsonArrayElements(column: string, alias: string): string;
  /** The column that orders order actions created in the same millisecond. */
  orderActionSequence: 'rowid' | 'seq';
}

export const sqliteDialect: SqlDialect = {
  typed: (name) => `@${name}`,
  caseless: (expression) => expression,
  ilike: 'LIKE',
  utcDay: (column) => `strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`,
  jsonField: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonArrayElements: (column, alias) => `json_each(${column}) ${alias}`,
  orderActionSequence: 'rowid',
};

export const postgresDialect: SqlDialect = {
  typed: (name, type) => `@${name}::${type}`,
  caseless: (expression) => `lower(${expression})`,
  ilike: 'ILIKE',
  utcDay: (column) => `to_char(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  jsonField: (column, key) => `(${column}::jsonb ->> '${key}')`,
  jsonArrayElements: (column, alias) => `jsonb_array_elements_text(${column}::jsonb) AS ${alias}(value)`,
  orderActionSequence: 'seq',
};
