import { format, parseISO } from 'date-fns';
import { enGB } from 'date-fns/locale/en-GB';

const longDay = (iso: string) => format(parseISO(iso), 'd MMMM yyyy', { locale: enGB });

/** ISO days inside a sentence, as people write them: "since 2026-11-02" → "since 2 November 2026". */
export const datesInWords = (text: string): string => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => longDay(iso));

/**
 * A reason from the readiness rules, said plainly for a sponsor: without the criterion's name (the cause
 * heading has it), dates in words, scores out of 100, and a mandatory criterion said to be a must.
 */
export function plainReason(reason: string): string {
  const mandatory = /^Mandatory:\s*/.test(reason);
  let text = reason.replace(/^Mandatory:\s*/, '');
  const score = /^(Readiness|Adoption) score ([\d.]+) is under ([\d.]+)/.exec(text);
  if (score) return `The ${score[1]!.toLowerCase()} score is ${Math.round(Number(score[2]))} out of 100; green needs ${score[3]}.`;
  text = text.replace(/^[^:]+:\s*/, '');
  text = datesInWords(text).replace(/;\s*/g, ', ');
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return `${text}.${mandatory ? ' Must be met.' : ''}`;
}
