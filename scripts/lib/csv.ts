import { parse } from 'csv-parse/sync';

/**
 * CSV as Python's csv module reads it (the data sets were written by it): quoted fields may hold
 * commas, doubled quotes and line breaks; a quote inside an unquoted field is kept as text; rows
 * may differ in length; blank lines are skipped; \r\n, \n and \r all end a row, even mixed.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: ['\r\n', '\n', '\r'], relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** Rows as objects keyed by the header line, like csv.DictReader (a short row's missing cells are ''). */
export function parseCsvWithHeader(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
