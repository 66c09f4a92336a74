import { useRef, useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { ApiToken, NewToken, OwnSession } from '../api/account-types.ts';
import type { ErrorDetail } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { DateInput } from '../components/DateInput/DateInput.tsx';
import { ErrorSummary, fieldId } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, instant } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource, type Resource } from '../state/use-resource.ts';

/** The server's own rule (users/schemas.ts: Password), checked here first so the message comes at once. */
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 200;

/** A problem as one sentence: the API's "must be after today" becomes "Expires on must be after today". */
const sentence = (label: string, message: string): string => (/^[A-Z]/.test(message) ? message : `${label} ${message}`);

const ROLE_WORDS = { office: 'Programme office', lead: 'Council lead', sponsor: 'Sponsor' } as const;

/** Your own account: change your password, see and end your sessions, your API tokens. Every signed-in role. */
export function AccountPage() {
  usePageTitle('Your account');
  const state = useAppState();
  const user = state.user.value;
  const sessions = useResource(() => state.api.account.sessions(), []);
  if (!user) return null;
  return (
    <>
      <h1>Your account</h1>
      <p class="lede">{user.name}, {ROLE_WORDS[user.role]}.</p>
      <PasswordForm onChanged={sessions.reload} />
      <Sessions sessions={sessions} />
      <Tokens />
    </>
  );
}

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const state = useAppState();
  // The refusal's details are reworded into sentences before they are shown, so show() rather than fail().
  const { problem, error, show, clear } = useProblem();
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notice = useRef<HTMLDivElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const current = value('currentPassword');
    const next = value('newPassword');
    const confirm = value('confirmPassword');
    const details: ErrorDetail[] = [];
    if (!current) details.push({ field: 'currentPassword', message: 'Enter your current password' });
    if (next.length < MIN_PASSWORD) details.push({ field: 'newPassword', message: `Your new password must be at least ${MIN_PASSWORD} characters` });
    else if (next.length > MAX_PASSWORD) details.push({ field: 'newPassword', message: `Your new password must be ${MAX_PASSWORD} characters or fewer` });
    else if (next === current) details.push({ field: 'newPassword', message: 'Your new password must be different from your current one' });
    if (details.length === 0 && confirm !== next) details.push({ field: 'confirmPassword', message: 'The two new passwords do not match' });
    if (details.length > 0) {
      setDone(null);
      show('Your password was not changed.', details);
      return;
    }
    setBusy(true);
    try {
      const result = await state.api.account.changePassword(current, next);
      // The session in use was replaced: later changes need the new session's token.
      if (result.csrfToken) state.api.setCsrfToken(result.csrfToken);
      form.reset();
      clear();
      const others = result.endedSessions === 0 ? 'You had no other sessions.'
        : `${result.endedSessions} other session${result.endedSessions === 1 ? ' was' : 's were'} signed out.`;
      const message = `Your password has been changed. ${others}`;
      setDone(message);
      state.announce(message);
      onChanged();
      queueMicrotask(() => notice.current?.focus());
    } catch (e) {
      const err = asApiError(e, 'Changing your password failed.');
      setDone(null);
      show(err.message, err.details.map((d) => ({
        field: d.field,
        message: d.field === 'currentPassword' && d.message === 'is not right' ? 'Your current password is not right'
        : d.field === 'newPassword' && /differ/.test(d.message) ? 'Your new password must be different from your current one'
            : sentence(d.field === 'currentPassword' ? 'Your current password' : 'Your new password', d.message),
      })));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      {done && <div class="notice notice--success" role="status" tabIndex={-1} ref={notice}><p>{done}</p></div>}
      <form onSubmit={submit} noValidate class="narrow">
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
        <Field name="currentPassword" label="Current password" error={error('currentPassword')}>
          {(props) => <input {...props} name="currentPassword" type="password" autocomplete="current-password" maxLength={MAX_PASSWORD} spellcheck={false} />}
        </Field>
        <Field name="newPassword" label="New password" hint={`At least ${MIN_PASSWORD} characters. A few unrelated words are easy to remember and hard to guess.`} error={error('newPassword')}>
          {(props) => <input {...props} name="newPassword" type="password" autocomplete="new-password" maxLength={MAX_PASSWORD} spellcheck={false} />}
        </Field>
        <Field name="confirmPassword" label="New password again" error={error('confirmPassword')}>
          {(props) => <input {...props} name="confirmPassword" type="password" autocomplete="new-password" maxLength={MAX_PASSWORD} spellcheck={false} />}
        </Field>
        <p class="hint">Changing it signs you out everywhere else. This device stays signed in. Your API tokens keep working; revoke them below if you need to.</p>
        <div class="button-group"><button type="submit" class="button" disabled={busy}>Change password</button></div>
      </form>
    </section>
  );
}

function Sessions({ sessions }: { sessions: ReturnType<typeof useResource<OwnSession[]>> }) {
  const state = useAppState();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const notice = useRef<HTMLDivElement>(null);
  const show = (text: string, error: boolean) => {
    setMessage({ text, error });
    // The row (and its button) goes away: focus the result, never the page's body.
    queueMicrotask(() => notice.current?.focus());
  };
  const end = async (s: OwnSession) => {
    try {
      await state.api.account.endSession(s.id);
      show(`The session on ${s.device ?? 'an unknown device'}, started ${instant(s.createdAt)}, has been signed out.`, false);
      state.announce('Session signed out');
    } catch (e) {
      show(asApiError(e, 'Signing that session out failed.').message, true);
    }
    sessions.reload();
  };
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <p>Each sign-in is a session. Sign out any you do not recognise, or that you left open on a shared computer. The device is
        what the browser said about itself when you signed in, so treat it as a hint.</p>
      {message && (
        <div class={`notice ${message.error ? 'notice--error' : 'notice--success'}`} role={message.error ? 'alert' : 'status'} tabIndex={-1} ref={notice}>
          <p>{message.text}</p>
        </div>
      )}
      <Loaded resource={sessions} what="your sessions">
        {(list) => (
          <DataTable caption="Your sessions, most recently used first" rows={list} rowKey={(s) => s.id} empty="No sessions." columns={[
            { header: 'Device', rowHeader: true, cell: (s) => <>{s.device ?? 'Unknown device'}{s.current && <><br /><strong>This session</strong></>}</> },
            { header: 'Started', cell: (s) => instant(s.createdAt) },
            { header: 'Last active', cell: (s) => instant(s.lastSeenAt) },
            { header: 'Ends unless used', cell: (s) => instant(s.endsAt) },
            { header: 'Action', cell: (s) => (s.current
              ? 'Use “Sign out” at the top'
              : <button type="button" class="button button--secondary" onClick={() => void end(s)}>Sign out<span class="visually-hidden"> the session on {s.device ?? 'an unknown device'} started {instant(s.createdAt)}</span></button>) },
          ]} />
        )}
      </Loaded>
    </section>
  );
}

function Tokens() {
  const state = useAppState();
  const tokens = useResource(() => state.api.account.tokens(), []);
  const [created, setCreated] = useState<NewToken | null>(null);
  // The refusal's details are reworded into sentences before they are shown, so show() rather than fail().
  const { problem, error, show, clear } = useProblem();
  const [expiresOn, setExpiresOn] = useState('');
  /** Something is in the date boxes (a date that is not real yet counts). */
  const [expiryTyped, setExpiryTyped] = useState(false);
  const [busy, setBusy] = useState(false);
  const shown = useRef<HTMLDivElement>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = (form.elements.namedItem('tokenName') as HTMLInputElement).value.trim();
    const details: ErrorDetail[] = [];
    if (!name) details.push({ field: 'tokenName', message: 'Enter a name for the token, such as the script that will use it' });
    if (expiryTyped && !expiresOn) details.push({ field: 'tokenExpiresOn', message: 'Expires on must be a real date, for example 31 3 2027' });
    if (details.length > 0) {
      show('The token was not created.', details);
      return;
    }
    setBusy(true);
    try {
      const token = await state.api.account.createToken(name, expiresOn || undefined);
      setCreated(token);
      clear();
      form.reset();
      setExpiresOn('');
      setExpiryTyped(false);
      tokens.reload();
      state.announce('API token created: copy it now');
      queueMicrotask(() => shown.current?.focus());
    } catch (e) {
      const err = asApiError(e, 'Creating the token failed.');
      show(err.message, err.details.map((d) => (d.field === 'expiresOn'
        ? { field: 'tokenExpiresOn', message: sentence('Expires on', d.message) }
        : { field: d.field === 'name' ? 'tokenName' : d.field, message: sentence('Name', d.message) })));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (t: ApiToken) => {
    try {
      await state.api.account.revokeToken(t.id);
      state.announce(`Token “${t.name}” revoked`);
    } catch (e) {
      show(asApiError(e, 'Revoking failed.').message);
    }
    tokens.reload();
    // The revoke button goes away with the token's state: the table's heading takes the focus.
    queueMicrotask(() => document.getElementById('tokens-heading')?.focus());
  };
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" tabIndex={-1}>API tokens</h2>
      <p>A token lets a script use the API as you, with your role, until it expires or you revoke it. Send it as <code>Authorization: Bearer rpt_…</code>.</p>
      {created && (
        <div class="notice notice--success" role="status" tabIndex={-1} ref={shown}>
          <h3>Copy the token now</h3>
          <p>It is shown only once. Anyone who has it can act as you{created.expiresAt ? ` until ${day(created.expiresAt.slice(0, 10))}` : ''}.</p>
          <p><code class="break">{created.token}</code></p>
        </div>
      )}
      <TokenTable tokens={tokens} onRevoke={(t) => void revoke(t)} />
      <h3>Create a token</h3>
      <form onSubmit={create} noValidate class="narrow">
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
        <Field name="tokenName" label="Name" hint="What will use it, for example: Monthly readings upload" error={error('tokenName')}>
          {(props) => <input {...props} name="tokenName" type="text" maxLength={120} />}
        </Field>
        <DateInput id={fieldId('tokenExpiresOn')} legend="Expires on (optional)" hint="For example, 31 3 2027. Leave empty for a token that does not expire."
          value={expiresOn} error={error('tokenExpiresOn')}
          onChange={(iso, { empty }) => { setExpiresOn(iso); setExpiryTyped(!empty); }} />
        <div class="button-group"><button type="submit" class="button" disabled={busy}>Create token</button></div>
      </form>
    </section>
  );
}

/** What state a token is in, in words. */
const tokenState = (t: ApiToken) => (t.revokedAt ? `Revoked ${instant(t.revokedAt)}`
  : t.expiresAt && new Date(t.expiresAt) <= new Date() ? 'Expired' : 'Active');

/** Your tokens, newest first, each active one with its revoke button. */
function TokenTable({ tokens, onRevoke }: { tokens: Resource<ApiToken[]>; onRevoke: (t: ApiToken) => void }) {
  return (
    <Loaded resource={tokens} what="your API tokens">
      {(list) => (
        <DataTable caption="Your API tokens, newest first" rows={list} rowKey={(t) => t.id} empty="You have no API tokens." columns={[
          { header: 'Name', rowHeader: true, cell: (t) => <>{t.name}<br /><span class="muted">starts <code>{t.prefix}…</code>, made {day(t.createdAt)}</span></> },
          { header: 'Expires', cell: (t) => (t.expiresAt ? day(t.expiresAt.slice(0, 10)) : 'Never') },
          { header: 'Last used', cell: (t) => (t.lastUsedAt ? instant(t.lastUsedAt) : 'Never') },
          { header: 'State', cell: tokenState },
          { header: 'Action', cell: (t) => (tokenState(t) === 'Active'
            ? <ConfirmButton label={`Revoke ${t.name}`} danger confirmLabel="Revoke token" question={<>Revoke the token “{t.name}”? Scripts using it stop working at once.</>} onConfirm={() => onRevoke(t)} />
            : '—') },
        ]} />
      )}
    </Loaded>
  );
}
