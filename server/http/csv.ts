import { slicePause } from './steps.ts';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { FastifyReply } from 'fastify';
import { badRequest } from './errors.ts';

/**
 * CSV in and out of the API: RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte order mark so that
 * spreadsheets read accents right, and a header row.
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so
 * text from users could run on the reader's machine (CSV injection, OWASP). Text cells that start with
 * one of those get a leading apostrophe, which spreadsheets show as plain text. Numbers are written as
 * numbers: -3 is a value, not a formula. Reading a CSV back removes exactly that apostrophe again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

export const neutralise = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/**
 * A cell that csvCell writes as it is, as a pattern to build others from: no formula character or apostrophe first
 * (neutralise would add one, and a cell starting with one is quoted), no quote, comma or line break (quoted).
 * `test/csv.test.ts` checks it against csvCell for any text.
 */
export const AS_IS_CELL = String.raw`(?![=+\-@\t\r'])[^",\r\n]*`;
export const restore = (text: string): string => (NEUTRALISED.test(text) ? text.slice(1) : text);

export interface CsvColumn<Row> {
  header: string;
  /** Where `written` writes several cells at once (already joined by commas): their headers, `header` the first. */
  headers?: readonly string[];
  value: (row: Row) => string | number | boolean | null | undefined;
  /**
   * The cell as written, where the column can say it cheaper than `value` then `csvCell` (a code looked up once
   * with `csvCell` applied, an ISO date that never needs quotes): the bulk exports' hot path.
   */
  written?: (row: Row) => string;
}

/** A column whose cell is `value` written by `csvCell`, said once so the bulk exports' hot path skips the dispatch. */
export const cellColumn = <Row>(header: string, value: (row: Row) => string | number | null): CsvColumn<Row> => ({ header, value, written: (row) => csvCell(value(row)) });

/** A column whose value is already as the cell is written (a code through `csvCell` once, an ISO date or instant). */
export const writtenColumn = <Row>(header: string, value: (row: Row) => string): CsvColumn<Row> => ({ header, value, written: value });

/**
 * A cell as RFC 4180 writes it: quoted when it holds a quote, a comma or a line break of either kind, and also when
 * it starts with an apostrophe, so no reader mistakes a neutralised formula for something else.
 */
const NEEDS_QUOTES = /[",\r\n]|^'/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV lines, each ended with CRLF. Written here rather than by csv-stringify: exports are the one place
 * where CSV is written in bulk, and the library took ten times as long for the same bytes (200,000 readings:
 * 7.0 s against 0.7 s). `test/csv.test.ts` checks the two agree for any cell.
 */
function stringifyRows<Row>(columns: Array<CsvColumn<Row>>, rows: Iterable<Row>, withHeader: boolean): string {
  let text = withHeader ? `\ufeff${columns.flatMap((c) => c.headers ?? [c.header]).map(csvCell).join(',')}\r\n` : '';
  const cells = columns.map((c) => c.written ?? ((row: Row) => csvCell(c.value(row))));
  for (const row of rows) {
    let line = cells[0]!(row);
    for (let i = 1; i < cells.length; i++) line += `,${cells[i]!(row)}`;
    text += `${line}\r\n`;
  }
  return text;
}

export function toCsv<Row>(columns: Array<CsvColumn<Row>>, rows: Iterable<Row>): string {
  return stringifyRows(columns, rows, true);
}

/** Rows written between two pauses of a CSV stream: a few milliseconds of work. */
export const CSV_PIECE_ROWS = 1000;

/**
 * A CSV of any length as a stream, one page of rows at a time: memory stays flat however many rows there
 * are, and other requests are served between pages.
 */
export function csvStream<Row>(columns: Array<CsvColumn<Row>>, pages: Iterable<Row[]> | AsyncIterable<Row[]>): Readable {
  return Readable.from((async function* chunks() {
    let first = true;
    const pause = slicePause();
    for await (const page of pages) {
      // Pages come back to back as promises settle: the event loop is handed back every few milliseconds,
      // also while a filter matches nothing for many pages (empty pages), so other requests are served.
      await pause();
      if (page.length === 0 && !first) continue;
      // A page is sized by its query's time; writing its rows can take several times that (an audit row's JSON),
      // so they are written CSV_PIECE_ROWS at a time, with the same pause between pieces.
      for (let at = 0; at === 0 || at < page.length; at += CSV_PIECE_ROWS) {
        if (at > 0) await pause();
        yield stringifyRows(columns, page.length <= CSV_PIECE_ROWS ? page : page.slice(at, at + CSV_PIECE_ROWS), first);
        first = false;
      }
    }
    if (first) yield stringifyRows(columns, [], true);
  })());
}

/** Sends a CSV as a download named after what it holds and the day it was taken. */
export function sendCsv(reply: FastifyReply, fileName: string, body: string | Readable): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** Reads an uploaded CSV into rows keyed by lower-case header, with neutralised cells restored. */
export function readCsv(body: string, options: { columns: readonly string[]; required: readonly string[]; maxRows: number; what: string }): Array<Record<string, string>> {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(body, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw badRequest(`The CSV could not be read: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw badRequest(`The CSV has no rows of ${options.what}.`);
  const header = Object.keys(rows[0]!);
  const missing = options.required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw badRequest(`The CSV needs the columns ${options.columns.join(', ')}; missing: ${missing.join(', ')}.`);
  if (rows.length > options.maxRows) throw badRequest(`Upload at most ${options.maxRows.toLocaleString('en-GB')} ${options.what} at a time.`);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, restore(v)])));
}
