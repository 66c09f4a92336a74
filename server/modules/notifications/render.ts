import { createHmac, timingSafeEqual } from 'node:crypto';
import { KINDS, type KindName } from './kinds.ts';
import type { StoredSection } from './store.ts';

/** What an e-mail says, in both forms. */
export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface RenderInput {
  name: string;
  kind: KindName;
  title: string;
  body: string;
  link: string;
  details: StoredSection[] | null;
}

/** Signs "stop e-mailing kind K to person U", so the link works without signing in and cannot be forged for someone else. */
export function unsubscribeSignature(secret: string, userId: number, kind: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');
}

export function validSignature(secret: string, userId: number, kind: string, given: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, userId, kind));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function unsubscribeUrl(publicUrl: string, secret: string, userId: number, kind: string): string {
  return `${publicUrl}/api/notifications/unsubscribe?u=${userId}&k=${kind}&s=${unsubscribeSignature(secret, userId, kind)}`;
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The e-mail for one notification: a digest lists its e-mailed sections, each line with its deep link and each
 * section with a link to stop that kind; anything else is its title, text and link. Plain text and HTML say the
 * same; the HTML is a simple document (language, title, headings, lists, descriptive links), no layout tables.
 */
export function renderEmail(input: RenderInput, publicUrl: string, secret: string, userId: number): Rendered {
  const url = (path: string) => `${publicUrl}${path}`;
  const sections = (input.details ?? []).filter((s) => s.email);
  const subject = `[Rollout Planner] ${input.title}`;
  const settings = url('/notifications/preferences');
  const stop = unsubscribeUrl(publicUrl, secret, userId, input.kind);
  const text: string[] = [`Hello ${input.name},`, ''];
  const html: string[] = [
    '<!doctype html>', '<html lang="en-GB">', '<head>', '<meta charset="utf-8">', `<title>${escape(subject)}</title>`, '</head>', '<body>',
    `<p>Hello ${escape(input.name)},</p>`,
  ];
  if (input.body) {
    text.push(input.body, '');
    html.push(`<p>${escape(input.body)}</p>`);
  }
  if (sections.length === 0) {
    text.push(`Open it: ${url(input.link)}`, '');
    html.push(`<p><a href="${escape(url(input.link))}">${escape(input.title)}</a></p>`);
  }
  for (const section of sections) {
    const stopKind = unsubscribeUrl(publicUrl, secret, userId, section.kind);
    text.push(section.heading.toUpperCase(), '');
    html.push(`<h2>${escape(section.heading)}</h2>`, '<ul>');
    for (const line of section.lines) {
      text.push(`- ${line.text}`, `  ${url(line.link)}`);
      html.push(`<li><a href="${escape(url(line.link))}">${escape(line.text)}</a></li>`);
    }
    text.push('', `Stop e-mails about "${KINDS[section.kind].label}": ${stopKind}`, '');
    html.push('</ul>', `<p><a href="${escape(stopKind)}">Stop e-mails about ${escape(KINDS[section.kind].label.toLowerCase())}</a></p>`);
  }
  text.push('--', `You get this because "${KINDS[input.kind].label}" is switched on for you in Rollout Planner.`,
    `Stop these e-mails: ${stop}`, `All your notification settings: ${settings}`);
  html.push('<hr>', `<p>You get this because “${escape(KINDS[input.kind].label)}” is switched on for you in Rollout Planner.</p>`,
    `<p><a href="${escape(stop)}">Stop these e-mails</a> · <a href="${escape(settings)}">All your notification settings</a></p>`, '</body>', '</html>');
  return { subject, text: text.join('\n'), html: html.join('\n') };
}
