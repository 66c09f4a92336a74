import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { asApiError, etagOf } from '../../api/client.ts';
import { useResource } from '../../state/use-resource.ts';
import { useAppState } from '../../state/app-state.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { Loaded } from '../Status/Status.tsx';

/** One support setting, whichever table it comes from: a council's capacity or a feature's needs. */
interface Setting { id: number; ownerId: number; first: number; second: number; note: string; version: number }
type Numbers = { first: number; second: number; note: string };

/** What differs between the council capacity and the feature support-need forms. */
interface SettingKind {
  /** Field-id prefix and the words of the form. */
  prefix: string; title: string; caption: string; intro: string; owner: 'Council' | 'Feature'; ownerField: string;
  first: { field: string; label: string; hint: string }; second: { field: string; label: string; hint: string };
  owners: Array<{ id: number; name: string }>;
  list: () => Promise<Setting[]>;
  create: (ownerId: number, n: Numbers) => Promise<unknown>;
  update: (id: number, n: Numbers, etag: string) => Promise<unknown>;
  remove: (id: number, etag: string) => Promise<unknown>;
}

/** A whole number as typed, or the text itself (the API then refuses it, naming the field). */
const wholeOrText = (v: string): number => (/^\s*\d+\s*$/.test(v) ? Number(v) : (v as unknown as number));

/** Add, change and remove one kind of support setting: a table of those set, and one form for adding or changing. */
// eslint-disable-next-line max-lines-per-function -- one table and the one form that adds or changes a row of it share the row being edited and its version
function SettingsSection({ kind, onChanged }: { kind: SettingKind; onChanged: () => void }) {
  const rows = useResource(kind.list, []);
  const [editing, setEditing] = useState<Setting | null>(null);
  const [ownerId, setOwnerId] = useState('');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [note, setNote] = useState('');
  // A 412 is said in the words of this form (read again, save once more), so the refusal is shown rather than failed.
  const { problem, error, show, clear } = useProblem(`${kind.prefix}-`);
  const [done, setDone] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [focusForm, setFocusForm] = useState(0);
  useLayoutEffect(() => { if (focusForm > 0) heading.current?.focus(); }, [focusForm]);
  const ownerName = (id: number) => kind.owners.find((o) => o.id === id)?.name ?? `${kind.owner.toLowerCase()} ${id}`;
  const labels: Record<string, string> = { [kind.ownerField]: kind.owner, [kind.first.field]: kind.first.label, [kind.second.field]: kind.second.label, note: 'Note' };
  const reset = () => { setEditing(null); setOwnerId(''); setFirst(''); setSecond(''); setNote(''); };
  const fail = (e: unknown) => {
    const err = asApiError(e, 'Saving failed.');
    show(err.status === 412 ? 'Someone changed this setting since you opened it. It has been read again: check it and save once more.' : err.message,
      err.details.map((d) => ({ ...d, field: `${kind.prefix}-${d.field}` })));
  };
  const after = (text: string) => { clear(); setDone(text); reset(); rows.reload(); onChanged(); };

  const save = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const numbers = { first: wholeOrText(first), second: wholeOrText(second), note };
    try {
      if (editing) {
        await kind.update(editing.id, numbers, etagOf(editing.version));
        after(`Saved for ${ownerName(editing.ownerId)}.`);
      } else {
        if (ownerId === '') { show(`Choose the ${kind.owner.toLowerCase()}.`, [{ field: `${kind.prefix}-${kind.ownerField}`, message: 'is needed' }]); return; }
        await kind.create(Number(ownerId), numbers);
        after(`Added for ${ownerName(Number(ownerId))}.`);
      }
    } catch (err) {
      fail(err);
      if (asApiError(err, '').status === 412) rows.reload();
    }
  };
  const startEdit = (row: Setting) => {
    setEditing(row); setFirst(String(row.first)); setSecond(String(row.second)); setNote(row.note); clear(); setDone(null);
    setFocusForm((n) => n + 1);
  };
  const remove = async (row: Setting) => {
    setDone(null);
    try {
      await kind.remove(row.id, etagOf(row.version));
      after(`Removed for ${ownerName(row.ownerId)}.`);
    } catch (err) { fail(err); rows.reload(); }
  };

  return (
    <section aria-labelledby={`${kind.prefix}-heading`}>
      <h3 id={`${kind.prefix}-heading`}>{kind.title}</h3>
      <p>{kind.intro}</p>
      <Loaded resource={rows} what={kind.title.toLowerCase()}>
        {(list) => (
          <DataTable caption={kind.caption} rows={list} rowKey={(r) => r.id} empty="None set yet." columns={[
            { header: kind.owner, rowHeader: true, cell: (r) => ownerName(r.ownerId), sort: (r) => ownerName(r.ownerId) },
            { header: kind.first.label, numeric: true, cell: (r) => String(r.first), sort: (r) => r.first },
            { header: kind.second.label, numeric: true, cell: (r) => String(r.second), sort: (r) => r.second },
            { header: 'Note', cell: (r) => r.note || '—' },
            {
              header: 'Actions', cell: (r) => (
                <div class="button-group">
                  <button type="button" class="button button--secondary" onClick={() => startEdit(r)}>Change<span class="visually-hidden"> {ownerName(r.ownerId)}</span></button>
                  <ConfirmButton label="Remove" hiddenLabel={ownerName(r.ownerId)} danger question={`Remove the setting for ${ownerName(r.ownerId)}? The timeline stops checking it.`}
                    confirmLabel="Yes, remove it" onConfirm={() => void remove(r)} />
                </div>
              ),
            },
          ]} />
        )}
      </Loaded>
      <h4 id={`${kind.prefix}-form-heading`} tabIndex={-1} ref={heading}>{editing ? `Change the setting for ${ownerName(editing.ownerId)}` : `Add a setting`}</h4>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => labels[f.slice(kind.prefix.length + 1)] ?? f} />}
      <form class="plan-form" noValidate aria-labelledby={`${kind.prefix}-form-heading`} onSubmit={(e) => void save(e)}>
        {!editing && (
          <Field name={`${kind.prefix}-${kind.ownerField}`} label={kind.owner} error={error(kind.ownerField)}>
            {(p) => <select {...p} value={ownerId} onChange={(e) => setOwnerId((e.target as HTMLSelectElement).value)}>
              <option value="">Choose the {kind.owner.toLowerCase()}</option>
              {kind.owners.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>}
          </Field>
        )}
        <Field name={`${kind.prefix}-${kind.first.field}`} label={kind.first.label} hint={kind.first.hint} error={error(kind.first.field)}>
          {(p) => <input {...p} class="input--short" type="text" inputMode="numeric" autoComplete="off" value={first} onInput={(e) => setFirst((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field name={`${kind.prefix}-${kind.second.field}`} label={kind.second.label} hint={kind.second.hint} error={error(kind.second.field)}>
          {(p) => <input {...p} class="input--short" type="text" inputMode="numeric" autoComplete="off" value={second} onInput={(e) => setSecond((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field name={`${kind.prefix}-note`} label="Note (optional)" error={error('note')}>
          {(p) => <input {...p} type="text" maxLength={2000} autoComplete="off" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />}
        </Field>
        <div class="button-group">
          <button type="submit" class="button">{editing ? 'Save the change' : 'Add the setting'}</button>
          {editing && <button type="button" class="button button--secondary" onClick={() => { reset(); clear(); }}>Cancel</button>}
        </div>
      </form>
      <div role="status" aria-live="polite">{done && <p>{done}</p>}</div>
    </section>
  );
}

/**
 * The office's support capacity settings (docs/timeline.md, "Capacity"): each council's trainers and floorwalkers
 * a week, and what one council's go-live of each feature needs. The timeline's over-booked weeks follow them.
 */
export function SupportSettings({ councils, features, onChanged }: {
  councils: Array<{ id: number; name: string }>; features: Array<{ id: number; name: string }>; onChanged: () => void;
}) {
  const { api } = useAppState();
  const capacities: SettingKind = {
    prefix: 'capacity', title: 'Council support capacity', caption: 'Capacities set', owner: 'Council', ownerField: 'councilId', owners: councils,
    intro: 'The training sessions a council’s trainers can run, and the floorwalker shifts it can staff, in a week.',
    first: { field: 'trainerSessionsPerWeek', label: 'Training sessions a week', hint: 'A whole number, 0 to 1000' },
    second: { field: 'floorwalkerShiftsPerWeek', label: 'Floorwalker shifts a week', hint: 'A whole number, 0 to 1000' },
    list: async () => (await api.timeline.capacities()).data.map((c) => ({ id: c.id, ownerId: c.councilId, first: c.trainerSessionsPerWeek, second: c.floorwalkerShiftsPerWeek, note: c.note, version: c.version })),
    create: (ownerId, n) => api.timeline.createCapacity({ councilId: ownerId, trainerSessionsPerWeek: n.first, floorwalkerShiftsPerWeek: n.second, note: n.note }),
    update: (id, n, etag) => api.timeline.updateCapacity(id, { trainerSessionsPerWeek: n.first, floorwalkerShiftsPerWeek: n.second, note: n.note }, etag),
    remove: api.timeline.removeCapacity,
  };
  const needs: SettingKind = {
    prefix: 'support-need', title: 'Feature support needs', caption: 'Support needs set', owner: 'Feature', ownerField: 'featureId', owners: features,
    intro: 'What one council’s go-live of a feature needs: training sessions the week before, floorwalker shifts in its week.',
    first: { field: 'trainerSessions', label: 'Training sessions a go-live needs', hint: 'A whole number, 0 to 1000' },
    second: { field: 'floorwalkerShifts', label: 'Floorwalker shifts a go-live needs', hint: 'A whole number, 0 to 1000' },
    list: async () => (await api.timeline.supportNeeds()).data.map((s) => ({ id: s.id, ownerId: s.featureId, first: s.trainerSessions, second: s.floorwalkerShifts, note: s.note, version: s.version })),
    create: (ownerId, n) => api.timeline.createSupportNeed({ featureId: ownerId, trainerSessions: n.first, floorwalkerShifts: n.second, note: n.note }),
    update: (id, n, etag) => api.timeline.updateSupportNeed(id, { trainerSessions: n.first, floorwalkerShifts: n.second, note: n.note }, etag),
    remove: api.timeline.removeSupportNeed,
  };
  return (
    <section aria-labelledby="support-settings-heading">
      <h2 id="support-settings-heading">Support capacity settings</h2>
      <SettingsSection kind={capacities} onChanged={onChanged} />
      <SettingsSection kind={needs} onChanged={onChanged} />
    </section>
  );
}
