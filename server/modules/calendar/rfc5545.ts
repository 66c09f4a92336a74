/**
 * Two corrections to what ical-generator writes, so strict RFC 5545 parsers (libical, node-ical) read the feed as
 * written: the calendar's own TEXT properties (NAME, X-WR-CALNAME, X-WR-CALDESC) get their commas and semicolons
 * escaped (RFC 5545 3.3.11; the generator escapes them in events but not there), and the last line ends with CRLF
 * like every other (RFC 5545 3.1: every content line is terminated by CRLF).
 */
const CALENDAR_TEXT = /^(NAME|X-WR-CALNAME|X-WR-CALDESC):/;
const MAX_OCTETS = 75;

/** Escapes the commas and semicolons of a TEXT value that are not already escaped. */
const escapeText = (value: string): string => value.replace(/\\.|[,;]/g, (m) => (m.length === 2 ? m : `\\${m}`));

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function conformingCalendar(text: string): string {
  const lines = text.replace(/(\r\n)+$/, '').split(/\r\n(?![ \t])/);
  const fixed = lines.map((line) => {
    const unfolded = line.replace(/\r\n[ \t]/g, '');
    const match = CALENDAR_TEXT.exec(unfolded);
    if (!match) return line;
    return foldLine(match[0] + escapeText(unfolded.slice(match[0].length)));
  });
  return `${fixed.join('\r\n')}\r\n`;
}
