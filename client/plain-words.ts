import { day as longDay } from './format.ts';

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

const ITEM_STATUS: Record<string, string> = {
  not_scheduled: 'not scheduled', planned: 'planned', ready: 'ready', live: 'live', deferred: 'deferred', cancelled: 'cancelled',
};

interface HistoryEntry { at: string; userName: string; action: string; entity: string; before: unknown; after: unknown }

/**
 * One change to an item as a sentence: "Alex Rowan moved this from W2 to W3 on 3 November 2026: supplier
 * delay." Wave ids are named through `waveName`; fields it does not know are named, not dumped.
 */
export function historySentence(e: HistoryEntry, waveName: (id: number | null) => string): string {
  const on = longDay(e.at);
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (e.action === 'create') return `${e.userName} added this item on ${on}.`;
  if (e.action === 'delete') return `${e.userName} removed this item on ${on}.`;
  const parts: string[] = [];
  const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? longDay(v) : 'none');
  for (const key of Object.keys(after)) {
    if (key === 'note' || key === 'version' || key === 'updatedAt') continue;
    const was = before[key];
    const now = after[key];
    if (key === 'waveId') parts.push(`moved this from ${waveName(was as number | null)} to ${waveName(now as number | null)}`);
    else if (key === 'status') parts.push(`marked this ${ITEM_STATUS[String(now)] ?? String(now)}${was ? ` (it was ${ITEM_STATUS[String(was)] ?? String(was)})` : ''}`);
    else if (key === 'plannedDateOverride') parts.push(now ? `gave this its own go-live date, ${day(now)}` : 'made this follow its wave\'s date again');
    else if (key === 'actualGoLive') parts.push(now ? `recorded that this went live on ${day(now)}` : 'cleared the date it went live');
    else if (key === 'archivedAt') parts.push(now ? 'archived this' : 'brought this back from the archive');
    else parts.push(`changed ${key.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  }
  const note = typeof after.note === 'string' && after.note.trim() ? after.note.trim() : null;
  if (parts.length === 0) return note ? `${e.userName} changed the note on ${on}: ${note}` : `${e.userName} changed this on ${on}.`;
  const joined = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${e.userName} ${joined} on ${on}${note ? `: ${note}` : '.'}`;
}
