import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { DigestPreview, Notification, NotificationPreferences } from '../api/types.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { notificationsChanged } from '../components/NotificationCount/NotificationCount.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { day, instant } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './notifications.css';

/** Your notifications, newest first: each with its link and the lines of a digest, marked read one by one or all at once. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const state = useAppState();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useResource(() => state.api.notifications.list(unreadOnly ? { unread: true } : {}), [unreadOnly]);
  const { problem, run } = useProblem('', 'Marking as read failed.');

  const markRead = (ids: number[] | 'all') => run(async () => {
    const { unread } = await state.api.notifications.markRead(ids);
    list.reload();
    notificationsChanged();
    state.announce(ids === 'all' ? 'All marked as read' : `Marked as read. ${unread} unread left.`);
  });

  return (
    <>
      <h1>Notifications</h1>
      <p class="lede">Reminders, alerts and your weekly digest. <a href="/notifications/preferences">Choose what you get, in the app and by e-mail</a>.</p>
      {problem && <div class="notice notice--error" role="alert"><p>{problem.message}</p></div>}
      <div class="button-group">
        <label class="checkbox"><input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly((e.target as HTMLInputElement).checked)} /> Show unread only</label>
        <button type="button" class="button button--secondary" onClick={() => void markRead('all')}>Mark all as read</button>
      </div>
      <Loaded resource={list} what="your notifications">
        {(page) => page.data.length === 0
          ? <Empty>{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</Empty>
          : (
            <ol class="notification-list" aria-label="Your notifications, newest first">
              {page.data.map((n) => <NotificationItem key={n.id} n={n} onRead={() => void markRead([n.id])} />)}
            </ol>
          )}
      </Loaded>
    </>
  );
}

function NotificationItem({ n, onRead }: { n: Notification; onRead: () => void }) {
  const unread = n.readAt === null;
  return (
    <li class={`notification${unread ? ' notification--unread' : ''}`}>
      <h2 class="notification__title">
        <a href={n.link}>{n.title}</a>
        {unread && <span class="tag"> Unread</span>}
      </h2>
      <p class="hint">{instant(n.createdAt)}</p>
      {n.body && n.sections.length === 0 && <p>{n.body}</p>}
      {n.sections.map((s) => (
        <section key={s.kind + s.heading} aria-label={s.heading}>
          <h3>{s.heading}</h3>
          <ul>{s.lines.map((line, i) => <li key={i}><a href={line.link}>{line.text}</a></li>)}</ul>
        </section>
      ))}
      {unread && <button type="button" class="button button--secondary" onClick={onRead} aria-label={`Mark as read: ${n.title}`}>Mark as read</button>}
    </li>
  );
}

/** Your switches: each kind your role gets, in the app and by e-mail. */
export function NotificationPreferencesPage() {
  usePageTitle('Notification settings');
  const state = useAppState();
  const prefs = useResource(() => state.api.notifications.preferences(), []);
  const { problem, run } = useProblem();
  const [busy, setBusy] = useState(false);

  const save = async (event: Event, current: NotificationPreferences) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const checked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).checked;
    setBusy(true);
    await run(async () => {
      await state.api.notifications.savePreferences(current.preferences.map((p) => ({ kind: p.kind, inApp: checked(`${p.kind}-app`), email: checked(`${p.kind}-email`) })));
      prefs.reload();
      state.announce('Notification settings saved');
    });
    setBusy(false);
  };

  return (
    <>
      <h1>Notification settings</h1>
      <Loaded resource={prefs} what="your notification settings">
        {(p) => (
          <form onSubmit={(e) => void save(e, p)} noValidate>
            {!p.emailConfigured && <div class="notice notice--warning"><p>This server does not send e-mail, so notifications show in the app only. Your e-mail choices are kept for when it does.</p></div>}
            <p class="lede">The weekly digest goes out on {p.digest}. Every e-mail has a link to stop that kind of e-mail.</p>
            {problem && <div class="notice notice--error" role="alert"><p>{problem.message}</p></div>}
            {p.preferences.map((k) => (
              <fieldset key={k.kind} class="fieldset">
                <legend>{k.label}</legend>
                <p class="hint">{k.description}{k.alert ? ` An alert comes at once ${k.alert}.` : ''}</p>
                {k.kind !== 'digest' && <label class="checkbox"><input type="checkbox" name={`${k.kind}-app`} defaultChecked={k.inApp} /> In the app</label>}
                {k.kind === 'digest' && <input type="hidden" name={`${k.kind}-app`} value="" />}
                <label class="checkbox"><input type="checkbox" name={`${k.kind}-email`} defaultChecked={k.email} /> By e-mail</label>
              </fieldset>
            ))}
            <div class="button-group"><button type="submit" class="button" disabled={busy}>Save settings</button></div>
          </form>
        )}
      </Loaded>
    </>
  );
}

const STATE_WORDS: Record<string, string> = {
  pending: 'Waiting', sending: 'Sending', committing: 'Sending', sent: 'Sent', failed: 'Failed', none: 'In the app only',
};

/** The programme office's outbox: what was e-mailed to whom, when, what failed and why; resend; preview anyone's digest. */
// eslint-disable-next-line max-lines-per-function -- the outbox page: its state filter, summary, list, resend and digest preview share the filter and one problem line; one screen read top to bottom
export function OutboxPage() {
  usePageTitle('Notification outbox');
  const state = useAppState();
  const [filter, setFilter] = useState('');
  const summary = useResource(() => state.api.notifications.outboxSummary(), []);
  const outbox = useResource(() => state.api.notifications.outbox(filter ? { state: filter } : {}), [filter]);
  const people = useResource(() => state.api.users.list(), []);
  const [preview, setPreview] = useState<DigestPreview | null>(null);
  const { problem, run, show, clear } = useProblem('', 'Resending failed.');
  if (!state.isOffice.value) return <><h1>Notification outbox</h1><p>Only the programme office sees the outbox. <a href="/notifications">Go to your notifications</a>.</p></>;

  const resend = (id: number) => run(async () => {
    await state.api.notifications.resend(id);
    outbox.reload();
    summary.reload();
    state.announce('Queued to send again');
  });
  const showPreview = async (event: Event) => {
    event.preventDefault();
    const id = Number(((event.target as HTMLFormElement).elements.namedItem('userId') as HTMLSelectElement).value);
    try {
      setPreview(await state.api.notifications.preview(id));
      clear();
    } catch (error) {
      show(asApiError(error, 'The preview failed.').message);
    }
  };

  return (
    <>
      <h1>Notification outbox</h1>
      <Loaded resource={summary} what="the outbox summary">
        {(s) => (
          <>
            {!s.emailConfigured && <div class="notice notice--warning"><p>E-mail is off on this server (SMTP_URL is not set): notifications show in the app only.</p></div>}
            <p class="lede">{['sent', 'pending', 'failed'].map((k) => `${s.counts[k] ?? 0} ${STATE_WORDS[k]!.toLowerCase()}`).join(', ')}.</p>
          </>
        )}
      </Loaded>
      {problem && <div class="notice notice--error" role="alert"><p>{problem.message}</p></div>}
      <h2>Preview the next digest</h2>
      <Loaded resource={people} what="people">
        {(list) => (
          <form class="button-group" onSubmit={(e) => void showPreview(e)}>
            <label for="preview-user">Person</label>
            <select id="preview-user" name="userId">
              {list.data.filter((u) => !u.disabled).map((u) => <option key={u.id} value={u.id}>{u.displayName} ({u.email})</option>)}
            </select>
            <button type="submit" class="button button--secondary">Preview digest</button>
          </form>
        )}
      </Loaded>
      {preview && (
        <section aria-labelledby="preview-heading" class="notice">
          <h3 id="preview-heading">{preview.subject}</h3>
          <p>For {preview.name}, as of {day(preview.asOf)}. {preview.empty ? 'Nothing to say: no digest would be written.' : preview.emailed ? 'It would be e-mailed and shown in the app.' : 'It would show in the app only.'}</p>
          {preview.sections.map((s) => (
            <div key={s.kind}>
              <h4>{s.heading}</h4>
              <ul>{s.lines.map((l, i) => <li key={i}><a href={l.link}>{l.text}</a></li>)}</ul>
            </div>
          ))}
          <details><summary>The e-mail as plain text</summary><pre class="break">{preview.text}</pre></details>
        </section>
      )}
      <h2>E-mails</h2>
      <div class="field">
        <label for="outbox-state">Show</label>
        <select id="outbox-state" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value)}>
          <option value="">All e-mails</option>
          <option value="failed">Failed</option>
          <option value="pending">Waiting</option>
          <option value="sent">Sent</option>
        </select>
      </div>
      <Loaded resource={outbox} what="the outbox">
        {(page) => (
          <DataTable caption="E-mail notifications, newest first" rows={page.data} rowKey={(e) => e.id} empty="No e-mails." columns={[
            { header: 'What', rowHeader: true, cell: (e) => e.title },
            { header: 'To', cell: (e) => `${e.userName} (${e.emailTo})` },
            { header: 'Written', cell: (e) => instant(e.createdAt) },
            { header: 'State', cell: (e) => `${STATE_WORDS[e.emailState] ?? e.emailState}${e.sentAt ? ` ${instant(e.sentAt)}` : ''}` },
            { header: 'Attempts', numeric: true, cell: (e) => String(e.attempts) },
            { header: 'Why', cell: (e) => e.lastError ?? '—' },
            { header: 'Action', cell: (e) => (e.emailState === 'failed' || e.emailState === 'sent'
              ? <button type="button" class="button button--secondary" onClick={() => void resend(e.id)} aria-label={`Resend: ${e.title} to ${e.userName}`}>Resend</button>
              : '—') },
          ]} />
        )}
      </Loaded>
    </>
  );
}
