import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import { inTransaction, type Db } from '../../db/database.ts';
import { badRequest, describeValidation, type ErrorDetail } from '../../http/errors.ts';

/** Where a problem is: "line 3/wave" (line 1 is the header, so row 0 is line 2). */
export const lineOf = (index: number) => (column: string): string => `line ${index + 2}/${column}`;

/**
 * A row's values checked against an API schema, each problem named by the file's column (`columns` maps an API field
 * to its column; a field missing there keeps its own name).
 */
export function shapeProblems(schema: TSchema, value: unknown, at: (column: string) => string, columns: Record<string, string>): ErrorDetail[] {
  if (Value.Check(schema, value)) return [];
  // TypeBox names every missing property in one issue; the API's wording wants one per field.
  const issues = [...Value.Errors(schema, value)].flatMap((issue): unknown[] => (issue.keyword === 'required'
    ? (issue.params as { requiredProperties: string[] }).requiredProperties.map((missingProperty) => ({ ...issue, params: { missingProperty } }))
    : [issue]));
  return describeValidation(issues as never).map((d) => ({ field: at(columns[d.field] ?? d.field), message: d.message }));
}

/** Refuses the whole file when any row has a problem: nothing is imported. */
export function refuseIfProblems(problems: ErrorDetail[], rowCount: number): void {
  if (problems.length > 0) throw badRequest(`Nothing was imported: ${problems.length} problem(s) in ${rowCount} row(s).`, problems);
}

/** Carries a preview's result out of the transaction it rolls back. */
class PreviewOnly<T> extends Error {
  constructor(readonly result: T) {
    super('preview');
  }
}

/**
 * Runs an import's writes in one transaction. Applying keeps them; a preview does every write and then rolls back, so
 * what it shows is exactly what applying would do.
 */
export function previewOrApply<T>(db: Db, apply: boolean, work: () => T): T {
  try {
    return inTransaction(db, () => {
      const result = work();
      if (!apply) throw new PreviewOnly(result);
      return result;
    });
  } catch (error) {
    if (error instanceof PreviewOnly) return error.result as T;
    throw error;
  }
}
