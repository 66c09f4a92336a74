import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { AS_IS_CELL, CSV_PIECE_ROWS, csvCell, csvStream, neutralise, restore, toCsv, type CsvColumn } from '../server/http/csv.ts';

type Cell = string | number | boolean | null;
/** Any cell an export writes: text of every kind (quotes, commas, both line breaks, formula starts, astral), numbers, yes/no, empty. */
const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^['=+\-@\t\r\n",; a-z]{0,12}$/),
  fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null),
);
const table = fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(anyCell, { minLength: width, maxLength: width }), { maxLength: 20 })
  .map((rows) => ({ columns: Array.from({ length: width }, (_, i): CsvColumn<Cell[]> => ({ header: `column_${i}`, value: (row) => row[i] })), rows })));

/** What the exports wrote with csv-stringify before they had their own writer: the oracle. */
function byLibrary(columns: Array<CsvColumn<Cell[]>>, rows: Cell[][]): string {
  const records = rows.map((row) => columns.map((c) => {
    const value = c.value(row);
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return typeof value === 'number' ? value : neutralise(value);
  }));
  return stringify(records, { bom: true, header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows', quoted_match: [/[\r\n]/, /^'/] });
}

describe('CSV writing', () => {
  it('writes exactly what csv-stringify wrote, for any cells', () => {
    fc.assert(fc.property(table, ({ columns, rows }) => {
      expect(toCsv(columns, rows)).toBe(byLibrary(columns, rows));
    }), { numRuns: 500 });
  });

  it('says which text is written as it is exactly as csvCell writes it', () => {
    const asIs = new RegExp(`^${AS_IS_CELL}$`);
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.stringMatching(/^['=+\-@\t\r\n",; a-z]{0,8}$/));
    fc.assert(fc.property(text, (t) => {
      expect(asIs.test(t)).toBe(csvCell(t) === t);
    }), { numRuns: 1000 });
  });

  it('reads back as the same cells, with formulas neutralised and restored', () => {
    // Text that already starts with an apostrophe and a formula character reads back without the apostrophe: the
    // one ambiguity of neutralising, left as it was (a spreadsheet shows both the same).
    const ambiguous = (cell: Cell) => typeof cell === 'string' && /^'[=+\-@\t\r]/.test(cell);
    fc.assert(fc.property(table.filter(({ rows }) => !rows.flat().some(ambiguous)), ({ columns, rows }) => {
      const read = parse(toCsv(columns, rows), { bom: true, columns: true, relax_column_count: false }) as Array<Record<string, string>>;
      expect(read).toHaveLength(rows.length);
      read.forEach((record, r) => columns.forEach((c, i) => {
        const value = rows[r]![i];
        const expected = value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
        expect(typeof value === 'string' ? restore(record[c.header]!) : record[c.header]).toBe(expected);
      }));
    }), { numRuns: 300 });
  });

  it('streams pages as one CSV with one header, an empty page skipped', async () => {
    const columns: Array<CsvColumn<Cell[]>> = [{ header: 'name', value: (r) => r[0] }, { header: 'value', value: (r) => r[1] }];
    const pages = [[['=SUM(A1)', 1]], [], [['Ynys "Môn", Wales', -3.5]]] as Cell[][][];
    let text = '';
    for await (const chunk of csvStream(columns, pages)) text += chunk;
    expect(text).toBe('\ufeffname,value\r\n"\'=SUM(A1)",1\r\n"Ynys ""Môn"", Wales",-3.5\r\n');
  });

  it('writes a page longer than a piece in several chunks that join to the same text as writing it whole', async () => {
    const columns: Array<CsvColumn<Cell[]>> = [{ header: 'n', value: (r) => r[0] }, { header: 'text', value: (r) => r[1] }];
    const long = Array.from({ length: CSV_PIECE_ROWS * 2 + 7 }, (_, i): Cell[] => [i, i % 3 === 0 ? '=1+1' : `row ${i}`]);
    const pages = [[], long, [[-1, 'last']]] as Cell[][][];
    const chunks: string[] = [];
    for await (const chunk of csvStream(columns, pages)) chunks.push(String(chunk));
    expect(chunks.join('')).toBe(toCsv(columns, [...long, [-1, 'last']]));
    // The header alone for the empty first page, three pieces of the long page, then the last page.
    expect(chunks).toHaveLength(5);
    expect(chunks[0]).toBe('\ufeffn,text\r\n');
  });
});
