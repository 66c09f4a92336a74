import { useState } from 'preact/hooks';
import { asApiError, etagOf } from '../../api/client.ts';
import type { PossibleOwner } from '../../api/raid-types.ts';
import type { RaidAction } from '../../api/types.ts';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { useFirstFieldFocus } from '../Field/useFirstFieldFocus.ts';
import { DateField } from '../DateInput/DateInput.tsx';
import { EXTERNAL, OwnerFields, labelled, ownerBody, ownerChoice } from './RaidForms.tsx';

/* RAID actions: the form that records or changes one, and the table that lists them with their own buttons. */

const ACTION_LABELS: Record<string, string> = { title: 'What will be done', ownerUserId: 'Owner', ownerName: "Contact's name", dueDate: 'Due date', status: 'Status' };

/** Record an action (on an entry or an item) or change one: what will be done, by whom, by when, and its status. */
export function ActionForm({ action, link, owners, label, onSaved, onCancel }: {
  action?: RaidAction;
  link?: { raidEntryId: number } | { itemId: number };
  owners: PossibleOwner[];
  label: string;
  onSaved: (action: RaidAction) => void;
  onCancel: () => void;
}) {
  const state = useAppState();
  const prefix = action ? `action-edit-${action.id}` : `action-new-${'raidEntryId' in (link ?? {}) ? 'e' : 'i'}${Object.values(link ?? {})[0] ?? ''}`;
  const start = (a?: RaidAction) => ({
    title: a?.title ?? '', owner: a ? ownerChoice(a.owner) : '', ownerName: a?.owner.external ? a.owner.name : '', dueDate: a?.dueDate ?? '', status: a?.status ?? 'open',
  });
  const [form, setForm] = useState(() => start(action));
  const [version, setVersion] = useState(action?.version ?? 0);
  // The owner's field is named after the choice made (a user or a name): the details are mapped, so show().
  const { problem, error: fieldError, show, clear } = useProblem(`${prefix}-`);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (...fields: string[]) => fields.map(fieldError).find((m) => m !== undefined);
  const formRef = useFirstFieldFocus();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const fields = JSON.parse(JSON.stringify({ title: form.title, dueDate: form.dueDate || undefined, ...ownerBody(form.owner, form.ownerName) })) as Record<string, unknown>;
      const saved = action
        ? await state.api.raid.updateAction(action.id, { ...fields, status: form.status }, etagOf(version))
        : await state.api.raid.createAction({ ...(link ?? {}), ...fields } as never);
      clear();
      state.announce(action ? `Saved: ${saved.title}` : `Action added to ${label}`);
      onSaved(saved);
    } catch (e) {
      const err = asApiError(e, 'Saving failed.');
      if (err.status === 412 && err.current) {
        const now = err.current as RaidAction;
        setVersion(now.version);
        show(`Someone else changed this action first (now: ${now.title}, ${now.owner.name}, due ${day(now.dueDate)}, ${now.status}). Save again to keep yours.`);
      } else {
        show(err.message, err.details.map((d) => ({ ...d, field: `${prefix}-${d.field === 'ownerName' && form.owner !== EXTERNAL ? 'ownerUserId' : d.field}` })));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} class="raid-form add-action" onSubmit={submit} noValidate aria-label={action ? `Change the action: ${action.title}` : `Add an action to ${label}`}>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={labelled(ACTION_LABELS, prefix)} />}
      <Field name={`${prefix}-title`} label="What will be done" error={error('title')}>{(p) => <input {...p} type="text" maxLength={200} value={form.title} onInput={set('title')} />}</Field>
      <OwnerFields prefix={prefix} owners={owners} owner={form.owner} ownerName={form.ownerName} error={error}
        onOwner={(owner) => setForm({ ...form, owner })} onName={(ownerName) => setForm({ ...form, ownerName })} />
      <DateField name={`${prefix}-dueDate`} label="Due date" error={error('dueDate')} value={form.dueDate} onChange={(v) => setForm({ ...form, dueDate: v })} />
      {action && (
        <Field name={`${prefix}-status`} label="Status" error={error('status')}>
          {(p) => <select {...p} value={form.status} onChange={set('status')}><option value="open">Open</option><option value="done">Done</option><option value="cancelled">Cancelled</option></select>}
        </Field>
      )}
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>{action ? 'Save the action' : 'Add action'}</button>
        <button type="button" class="button button--secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

const STATUS_WORDS = { open: 'Open', done: 'Done', cancelled: 'Cancelled' } as const;

/**
 * Actions as a table, each with what the user may do to it: mark it done, reopen it, or change it. A refused or
 * stale change is said in words and changes nothing.
 */
export function ActionTable({ caption, actions, owners, onChanged, mayChange }: {
  caption: string;
  actions: RaidAction[];
  owners: PossibleOwner[];
  onChanged: () => void;
  mayChange: (a: RaidAction) => boolean;
}) {
  const state = useAppState();
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const setStatus = async (a: RaidAction, status: 'open' | 'done') => {
    try {
      await state.api.raid.updateAction(a.id, { status }, etagOf(a.version));
      setMessage(null);
      state.announce(status === 'done' ? `Done: ${a.title}` : `Reopened: ${a.title}`);
      onChanged();
    } catch (e) {
      setMessage(asApiError(e, 'The change failed.').message);
    }
  };
  const editingAction = actions.find((a) => a.id === editing);
  return (
    <>
      {message && <p class="notice notice--warning" role="alert">{message}</p>}
      <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
        <table>
          <caption>{caption} ({actions.length})</caption>
          <thead><tr><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {actions.length === 0 && <tr><td colSpan={5}>No actions.</td></tr>}
            {actions.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.title}</th>
                <td>{a.owner.name}</td>
                <td>{day(a.dueDate)}{a.overdue && <span class="tag tag--red">Overdue</span>}</td>
                <td>{STATUS_WORDS[a.status]}{a.closedOn ? ` (${day(a.closedOn)})` : ''}</td>
                <td>
                  {mayChange(a) && (
                    <div class="button-group button-group--tight">
                      {a.status === 'open'
                        ? <button type="button" class="button button--secondary" onClick={() => void setStatus(a, 'done')}>Mark done<span class="visually-hidden">: {a.title}</span></button>
                        : <button type="button" class="button button--secondary" onClick={() => void setStatus(a, 'open')}>Reopen<span class="visually-hidden">: {a.title}</span></button>}
                      <button type="button" class="button button--link" onClick={() => setEditing(a.id)}>Change<span class="visually-hidden"> the action: {a.title}</span></button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editingAction && (
        <ActionForm key={editingAction.id} action={editingAction} owners={owners} label={editingAction.title}
          onSaved={() => { setEditing(null); onChanged(); }} onCancel={() => setEditing(null)} />
      )}
    </>
  );
}
