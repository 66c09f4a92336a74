import Bowser from 'bowser';

/** Longest description kept: a browser and a system name fit in far less. */
export const DEVICE_WORDS_MAX = 60;

/**
 * Keeps what a browser or system name is made of (letters, digits, spaces, dots, hyphens): bowser names browsers it
 * does not know after the User-Agent's first word, which the client chose, so nothing else of it is kept.
 */
const clean = (name: string | undefined | null): string =>
  (name ?? '').normalize('NFKC').replace(/[^\p{L}\p{N} .-]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 28).trim();

/**
 * A short description of the device a session was started from, for the person to tell their sessions apart:
 * "Chrome on Android", "Safari on iPhone", "Firefox on Windows". From the User-Agent header, which the client
 * writes as it likes, so it is only ever shown back to its owner and never used to decide anything. Null when
 * the header names no browser or system a person would recognise (scripts, command-line clients).
 */
export function deviceWords(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const parser = Bowser.getParser(userAgent.slice(0, 512));
  const browser = clean(parser.getBrowserName());
  // A phone or tablet's model says more than its system ("iPhone", "iPad"); elsewhere the system.
  const model = clean(parser.getPlatform().model);
  const system = model || clean(parser.getOSName());
  const words = browser && system ? `${browser} on ${system}` : browser || system;
  return words ? words.slice(0, DEVICE_WORDS_MAX) : null;
}
