/** Calendar months as "YYYY-MM" strings: the benefits figures' unit of time. */

/** "2026-04-15" → "2026-04". */
export const monthOf = (day: string): string => day.slice(0, 7);

/*
 * Months are counted as whole numbers (year × 12 + month − 1): no days are involved, and at national scale the
 * figures step through millions of months, where parsing and formatting dates each time was most of the cost.
 */
const indexOf = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
export const nextMonth = (month: string): string => monthAt(indexOf(month) + 1);
export const previousMonth = (month: string): string => monthAt(indexOf(month) - 1);
/** Months from `from` to `to` counted inclusively: 1 for the same month, 0 when `to` is before `from`. */
export const monthCount = (from: string, to: string): number => Math.max(0, indexOf(to) - indexOf(from) + 1);

/** Every month from `from` to `to`, both included; empty when `from` is after `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const first = indexOf(from);
  return Array.from({ length: monthCount(from, to) }, (_, i) => monthAt(first + i));
}

/** A digit's value, or NaN for any other character. */
function digitAt(text: string, at: number): number {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : Number.NaN;
}

/**
 * A month 'YYYY-MM' as one number (the number the functions above count with), or NaN for any other text, so no text can stand
 * for another month. Made from the characters, without slicing the text: the figures ask for a month some 86,000 times.
 */
export function monthNumber(month: string): number {
  if (month.length !== 7 || month.charCodeAt(4) !== 45) return Number.NaN;
  const year = digitAt(month, 0) * 1000 + digitAt(month, 1) * 100 + digitAt(month, 2) * 10 + digitAt(month, 3);
  const inYear = digitAt(month, 5) * 10 + digitAt(month, 6);
  return inYear >= 1 && inYear <= 12 ? year * 12 + inYear - 1 : Number.NaN;
}
