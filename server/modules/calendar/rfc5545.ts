/**
 * A small iCalendar (RFC 5545) writer for the one shape the feed needs: a calendar of all-day events.
 *
 * The feed used to be written by ical-generator 10.x, whose line folding builds a new TextEncoder for every
 * character of the output: 8,400 events (400 councils) took 9–11 s to write, while the facts behind them take
 * under 0.5 s to read. The fix upstream (11.x) needs Node 22. What is written here is the same text it wrote,
 * with two corrections it needed a second pass for: the calendar's own TEXT properties are escaped like every
 * other TEXT value (RFC 5545 3.3.11), and the last line ends with CRLF like every other (3.1). `test/sharing.test.ts`
 * reads the feed back with ical.js, a strict parser.
 */
import { createHash } from 'node:crypto';
import { runNow, type Steps } from '../../http/steps.ts';

export type EventStatus = 'CONFIRMED' | 'CANCELLED';

export interface AllDayEvent {
  /** Stable across changes, so a subscriber's copy of the event moves with it. */
  uid: string;
  /** YYYY-MM-DD. */
  date: string;
  summary: string;
  description?: string;
  categories?: string[];
  status?: EventStatus;
}

export interface CalendarHeader {
  name: string;
  description: string;
  prodId: { company: string; product: string; language: string };
  /** How often a subscriber should fetch the feed again, in seconds. */
  refreshSeconds: number;
}

/** Octets of content per line: a continuation line is a space and 74 octets, so no line passes 75 (RFC 5545 3.1). */
const LINE_OCTETS = 74;

/** Escapes a TEXT value: backslash, semicolon, comma, and line breaks as \n (RFC 5545 3.3.11). */
export const escapeText = (value: string): string => value
  .replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

/** Folds a content line so that no line passes 75 octets, without splitting a UTF-8 character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  if (line.length <= LINE_OCTETS && Buffer.byteLength(line) <= LINE_OCTETS) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A surrogate pair is one character of four octets: never split it.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > LINE_OCTETS) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
    }
    octets += size;
    if (pair) i += 1;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

const utcStamp = (instant: Date): string => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const dateValue = (iso: string): string => iso.replaceAll('-', '');

/** Writes the calendar: one string, every line folded and ended with CRLF. */
export function writeCalendar(header: CalendarHeader, events: Iterable<AllDayEvent>, stamp: Date): string {
  return runNow(writeCalendarSteps(header, events, stamp));
}

/** The same, as steps (http/steps.ts) that pause every few hundred events, for a feed of a whole national programme. */
export function* writeCalendarSteps(header: CalendarHeader, events: Iterable<AllDayEvent>, stamp: Date): Steps<string> {
  let text = '';
  for (const piece of calendarPieces(header, events, stamp)) {
    if (text !== '') yield;
    text += piece;
  }
  return text;
}

/**
 * The same as UTF-8 bytes, in the pieces they were made in, with their length and the digest of a weak entity tag
 * (the one http/conditional.ts gives a body), both made a piece at a time: turning a national feed into bytes and
 * hashing it in one go held the event loop. The pieces are sent as they are, never joined into one buffer: at 4,000
 * councils the feed is 22 MB, and joining it held it twice.
 */
export function* writeCalendarBytesSteps(header: CalendarHeader, events: Iterable<AllDayEvent>, stamp: Date): Steps<{ pieces: Buffer[]; length: number; digest: string }> {
  const hash = createHash('sha256');
  const pieces: Buffer[] = [];
  let length = 0;
  for (const piece of calendarPieces(header, events, stamp)) {
    if (pieces.length > 0) yield;
    const bytes = Buffer.from(piece);
    hash.update(bytes);
    pieces.push(bytes);
    length += bytes.length;
  }
  return { pieces, length, digest: hash.digest('base64url').slice(0, 22) };
}

/** Events written between two pauses. */
const PIECE_EVENTS = 400;

/** The calendar as pieces of whole lines, each line folded and ended with CRLF: a piece every PIECE_EVENTS events, then the rest. */
function* calendarPieces(header: CalendarHeader, events: Iterable<AllDayEvent>, stamp: Date): Generator<string, void, void> {
  let lines: string[] = [];
  const text = (name: string, value: string) => lines.push(foldLine(`${name}:${escapeText(value)}`));
  const ttl = `PT${Math.round(header.refreshSeconds / 3600)}H`;
  lines.push('BEGIN:VCALENDAR', 'VERSION:2.0', foldLine(`PRODID:-//${header.prodId.company}//${header.prodId.product}//${header.prodId.language}`));
  text('NAME', header.name);
  text('X-WR-CALNAME', header.name);
  text('X-WR-CALDESC', header.description);
  lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${ttl}`, `X-PUBLISHED-TTL:${ttl}`);
  const dtstamp = `DTSTAMP:${utcStamp(stamp)}`;
  let written = 0;
  for (const event of events) {
    lines.push('BEGIN:VEVENT', foldLine(`UID:${event.uid}`), 'SEQUENCE:0', dtstamp, `DTSTART;VALUE=DATE:${dateValue(event.date)}`,
      'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE', 'X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE');
    text('SUMMARY', event.summary);
    if (event.description) text('DESCRIPTION', event.description);
    if (event.categories && event.categories.length > 0) lines.push(foldLine(`CATEGORIES:${event.categories.map(escapeText).join(',')}`));
    if (event.status) lines.push(`STATUS:${event.status}`);
    lines.push('END:VEVENT');
    if (++written % PIECE_EVENTS === 0) {
      yield `${lines.join('\r\n')}\r\n`;
      lines = [];
    }
  }
  lines.push('END:VCALENDAR');
  yield `${lines.join('\r\n')}\r\n`;
}
