import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { NewShareLink } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { DateField } from '../components/DateInput/DateInput.tsx';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, instant } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

/** Read-only links for sponsors and board members who will not sign in. */
export function SharingPage() {
  usePageTitle('Share links');
  const state = useAppState();
  const links = useResource(() => state.api.shareLinks.list(), []);
  const [created, setCreated] = useState<NewShareLink | null>(null);
  const { problem, error, run, show } = useProblem('', 'Creating the link failed.');
  const [busy, setBusy] = useState(false);
  const [expiresOn, setExpiresOn] = useState('');
  if (!state.isOffice.value) return <><h1>Share links</h1><p>Only the programme office can share the dashboard. <a href="/">Go to the programme overview</a>.</p></>;

  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    setBusy(true);
    await run(async () => {
      const link = await state.api.shareLinks.create(value('label'), expiresOn || undefined);
      setCreated(link);
      form.reset();
      setExpiresOn('');
      links.reload();
      state.announce('Share link created');
    });
    setBusy(false);
  };
  const revoke = async (id: number) => {
    try {
      await state.api.shareLinks.revoke(id);
      links.reload();
      state.announce('Share link revoked');
    } catch (error) {
      show(asApiError(error, 'Revoking failed.').message);
    }
  };

  return (
    <>
      <h1>Share links</h1>
      <p class="lede">A share link opens the programme overview and the board report, read-only, with published wins only, to anyone who has it, until it expires or you revoke it. It never allows a change.</p>
      <form onSubmit={create} noValidate class="narrow">
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => (f === 'label' ? 'Label' : f === 'expiresOn' ? 'Expires on' : f)} />}
        <Field name="label" label="Who it is for" hint="For example: Board members, December meeting">
          {(props) => <input {...props} name="label" type="text" maxLength={120} required />}
        </Field>
        <DateField name="expiresOn" label="Expires on (optional)" hint="For example, 31 1 2027. The link stops working at the start of this day. Default: in 30 days; at most 180 days."
          error={error('expiresOn')} value={expiresOn} onChange={setExpiresOn} />
        <div class="button-group"><button type="submit" class="button" disabled={busy}>Create share link</button></div>
      </form>
      {created && <CreatedLink link={created} />}
      <h2>Links</h2>
      <Loaded resource={links} what="the share links">
        {(list) => (
          <DataTable caption="Share links, newest first" rows={list} rowKey={(l) => l.id} empty="No share links yet." columns={[
            { header: 'For', rowHeader: true, cell: (l) => l.label },
            { header: 'Starts with', cell: (l) => <code>{l.prefix}…</code> },
            { header: 'Created', cell: (l) => `${instant(l.createdAt)} by ${l.createdByName}` },
            { header: 'Expires', cell: (l) => day(l.expiresAt.slice(0, 10)) },
            { header: 'Last used', cell: (l) => (l.lastUsedAt ? instant(l.lastUsedAt) : 'Never') },
            { header: 'State', cell: (l) => (l.revokedAt ? `Revoked ${instant(l.revokedAt)}` : l.active ? 'Active' : 'Expired') },
            { header: 'Action', cell: (l) => (l.active
              ? <ConfirmButton label={`Revoke`} danger confirmLabel="Revoke link" question={<>Revoke the link for “{l.label}”? It stops working at once, for everyone who has it.</>} onConfirm={() => void revoke(l.id)} />
              : '—') },
          ]} />
        )}
      </Loaded>
    </>
  );
}

/** The new link, shown once, with the calendar address beside it. */
function CreatedLink({ link: created }: { link: NewShareLink }) {
  const origin = window.location.origin;
  return (
    <div class="notice notice--success" role="status">
      <h2>Copy the link now</h2>
      <p>It is shown only once. Anyone with it can read the overview and the board report until {day(created.expiresAt.slice(0, 10))}.</p>
      <dl class="summary-list">
        <div><dt>Dashboard</dt><dd><code class="break">{`${origin}${created.dashboardPath}`}</code></dd></div>
        <div><dt>Calendar to subscribe to</dt><dd><code class="break">{`${origin}${created.calendarPath}`}</code></dd></div>
      </dl>
    </div>
  );
}
