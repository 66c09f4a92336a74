import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, Paged, errors } from '../../http/schemas.ts';
import {
  DigestPreview, MarkRead, Notification, NotificationQuery, OutboxDetail, OutboxEntry, OutboxQuery, OutboxSummary, Preferences, PreviewQuery,
  UnreadCount, UnsubscribeQuery, UpdatePreferences,
} from './schemas.ts';
import { createNotificationService } from './service.ts';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain page for the unsubscribe link: it works in any mail client's browser, without the dashboard. */
const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} – Rollout Planner</title></head>`
  + `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

/**
 * The notification centre (every signed-in person, their own only), their switches, the office's outbox and
 * digest preview, and the public one-click unsubscribe, which does that one thing and nothing else.
 */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createNotificationService(app.db, app.clock, app.services.engine, app.notifications.config, app.notifications.secret);
  const tags = ['Notifications'];
  // The one-click unsubscribe POST of RFC 8058 arrives as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));

  app.get('/notifications', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Your notifications, newest first', querystring: NotificationQuery, response: { 200: Paged(Notification), ...errors(400, 401, 403) } },
  }, async (request) => service.list(actorOf(request), request.query));

  app.get('/notifications/unread-count', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'How many of your notifications are unread', response: { 200: UnreadCount, ...errors(401, 403) } },
  }, async (request) => service.unread(actorOf(request)));

  app.post('/notifications/read', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Mark your notifications read', description: 'Give ids, or all: true. Ids that are not yours are refused (404) and nothing changes. Idempotent.',
      body: MarkRead, response: { 200: UnreadCount, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => service.markRead(actorOf(request), request.body));

  app.get('/notifications/preferences', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Your notification settings, per kind your role gets', response: { 200: Preferences, ...errors(401, 403) } },
  }, async (request) => service.preferences(actorOf(request)));

  app.put('/notifications/preferences', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Change your notification settings',
      description: 'Sets in-app and e-mail on or off for each kind given; kinds not given keep their settings. Each value is set outright, '
        + 'so repeating the request changes nothing and no If-Match is needed: the settings are yours alone.',
      body: UpdatePreferences, response: { 200: Preferences, ...errors(400, 401, 403) },
    },
  }, async (request) => service.updatePreferences(actorOf(request), request.body));

  app.get('/notifications/outbox', {
    config: { access: 'office' },
    schema: { tags, summary: 'E-mails: sent, waiting, failed and why', querystring: OutboxQuery, response: { 200: Paged(OutboxEntry), ...errors(400, 401, 403) } },
  }, async (request) => service.outbox(request.query));

  app.get('/notifications/outbox/summary', {
    config: { access: 'office' },
    schema: { tags, summary: 'E-mails by state, and whether e-mail is configured', response: { 200: OutboxSummary, ...errors(401, 403) } },
  }, async () => service.outboxSummary());

  app.get('/notifications/outbox/:id', {
    config: { access: 'office' },
    schema: { tags, summary: 'One e-mail with every attempt to deliver it', params: IdParams, response: { 200: OutboxDetail, ...errors(400, 401, 403, 404) } },
  }, async (request) => service.outboxEntry(request.params.id));

  app.post('/notifications/outbox/:id/resend', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Send an e-mail again', description: 'For one that failed, or one the person did not get. 409 while it is still on its way.',
      params: IdParams, response: { 200: OutboxDetail, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => service.resend(request.params.id, actorOf(request)));

  app.get('/notifications/digest-preview', {
    config: { access: 'office' },
    schema: { tags, summary: 'The weekly digest a person would get now', querystring: PreviewQuery, response: { 200: DigestPreview, ...errors(400, 401, 403, 404) } },
  }, async (request) => service.preview(request.query.userId));

  // The unsubscribe link of every e-mail. GET only shows a button (mail scanners open links); POST switches it off.
  app.get('/notifications/unsubscribe', {
    config: { access: 'public' },
    schema: { tags, summary: 'The page behind an e-mail’s unsubscribe link', querystring: UnsubscribeQuery, response: { 200: Type.String(), ...errors(400) } },
  }, async (request, reply) => {
    const { u, k, s } = request.query;
    const action = `/api/notifications/unsubscribe?u=${u}&k=${encodeURIComponent(k)}&s=${encodeURIComponent(s)}`;
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return page('Stop these e-mails?', `<form method="post" action="${escape(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop these e-mails</button></form>`
      + '<p>You will still see these notifications in Rollout Planner. You can switch e-mails back on in your notification settings.</p>');
  });

  app.post('/notifications/unsubscribe', {
    config: { access: 'public' },
    schema: { tags, summary: 'One-click unsubscribe (RFC 8058)', description: 'Switches off e-mails of one kind for one person, with the signed link from the e-mail. Does nothing else.', querystring: UnsubscribeQuery, response: { 200: Type.String(), ...errors(400) } },
  }, async (request, reply) => {
    const { u, k, s } = request.query;
    const done = service.unsubscribe(u, k, s);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return page('E-mails stopped', `<p>${escape(done.name)}, you will no longer get e-mails about “${escape(done.label)}”. They still show in Rollout Planner, where you can switch e-mails back on.</p>`);
  });
};
