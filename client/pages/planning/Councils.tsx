import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Council } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { instant } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

const LABELS: Record<string, string> = { 'council-name': 'Name', 'council-code': 'Code', 'council-staffHeadcount': 'Staff', 'council-managerHeadcount': 'Managers' };
const NEW_COUNCIL = { name: '', code: '', staffHeadcount: '', managerHeadcount: '' };
const whole = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Councils: list, add, delete (refused with the reason while items or history depend on them), archive and unarchive. */
export function Councils() {
  const state = useAppState();
  const list = useResource(() => state.api.councils.list().then((p) => p.data), []);
  const archivedList = useResource(() => state.api.councils.archived().then((p) => p.data), []);
  const [form, setForm] = useState(NEW_COUNCIL);
  // Field ids are prefixed: the baseline form on this page has a "name" too.
  const { problem, error, onSubmit, run } = useProblem('council-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const add = onSubmit(async () => {
    await state.api.councils.create({ name: form.name, code: form.code, staffHeadcount: whole(form.staffHeadcount), managerHeadcount: whole(form.managerHeadcount) });
    setForm(NEW_COUNCIL);
    state.announce('Council added');
    void list.reload();
  });
  const remove = (council: Council) => run(async () => {
    await state.api.councils.remove(council.id, etagOf(council.version));
    state.announce(`${council.name} deleted`);
    void list.reload();
  });
  const archive = (council: Council, archived: boolean) => run(async () => {
    await state.api.councils[archived ? 'archive' : 'unarchive'](council.id, etagOf(council.version));
    state.announce(archived ? `${council.name} archived` : `${council.name} is back in the plan`);
    void list.reload();
    void archivedList.reload();
  });
  return (
    <section id="councils" aria-labelledby="councils-title">
      <h2 id="councils-title">Councils</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? ''} />}
      <Loaded resource={list} what="the councils">
        {(rows) => (
          <DataTable caption="Councils in the programme" rows={rows} rowKey={(c) => c.id} columns={[
            { header: 'Council', rowHeader: true, cell: (c) => <a href={`/councils/${c.id}`}>{c.name}</a> },
            { header: 'Code', cell: (c) => c.code },
            { header: 'Staff', numeric: true, cell: (c) => c.staffHeadcount.toLocaleString('en-GB') },
            { header: 'Managers', numeric: true, cell: (c) => c.managerHeadcount.toLocaleString('en-GB') },
            { header: 'Groups', cell: (c) => c.groups.map((g) => g.name).join(', ') || '—' },
            { header: 'Delete', cell: (c) => <ConfirmButton label={`Delete ${c.code}`} danger question={`Delete ${c.name}? This cannot be undone.`} confirmLabel="Delete the council" onConfirm={() => void remove(c)} /> },
            {
              header: 'Archive',
              cell: (c) => <ConfirmButton label={`Archive ${c.code}`} question={`Archive ${c.name}? It leaves the plan's lists; its history, exports and reports keep it, and it can be brought back.`} confirmLabel="Archive the council" onConfirm={() => void archive(c, true)} />,
            },
          ]} />
        )}
      </Loaded>
      <Loaded resource={archivedList} what="the archived councils">
        {(rows) => rows.length === 0 ? null : (
          <DataTable caption="Archived councils" rows={rows} rowKey={(c) => c.id} columns={[
            { header: 'Council', rowHeader: true, cell: (c) => <a href={`/councils/${c.id}`}>{c.name}</a> },
            { header: 'Archived', cell: (c) => (c.archivedAt ? instant(c.archivedAt) : '—') },
            { header: 'Bring back', cell: (c) => <button type="button" class="button button--secondary" onClick={() => void archive(c, false)}>{`Unarchive ${c.code}`}</button> },
          ]} />
        )}
      </Loaded>
      <h3>Add a council</h3>
      <form onSubmit={add} noValidate>
        <Field name="council-name" label="Name" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="council-code" label="Short code" hint="Letters and digits, e.g. NMC" error={error('code')}>{(p) => <input {...p} type="text" value={form.code} onInput={set('code')} />}</Field>
        <Field name="council-staffHeadcount" label="Staff headcount" error={error('staffHeadcount')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.staffHeadcount} onInput={set('staffHeadcount')} />}</Field>
        <Field name="council-managerHeadcount" label="Manager headcount" error={error('managerHeadcount')}>{(p) => <input {...p} type="text" inputMode="numeric" value={form.managerHeadcount} onInput={set('managerHeadcount')} />}</Field>
        <div class="button-group"><button type="submit" class="button">Add council</button></div>
      </form>
    </section>
  );
}
