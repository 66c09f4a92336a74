import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Council, User } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem, type FormProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

const LABELS: Record<string, string> = { email: 'E-mail', displayName: 'Name', password: 'Password', councilIds: 'Council' };
const NEW_USER = { email: '', displayName: '', role: 'lead' as User['role'], councilId: '', password: '' };

/** The accounts: a role between programme office and sponsor, disabling and enabling, and a new account. */
export function Users() {
  const state = useAppState();
  const data = useResource(async () => ({ users: (await state.api.users.list()).data, councils: (await state.api.councils.list()).data }), []);
  const form = useProblem();
  /** Between programme office and sponsor; a lead's council link is set when the account is made. */
  const setRole = (user: User, role: User['role']) => form.run(async () => {
    await state.api.users.update(user.id, { role }, etagOf(user.version));
    state.announce(`${user.displayName} is now ${role === 'office' ? 'programme office' : 'a sponsor'}`);
    void data.reload();
  });
  const setDisabled = (user: User, disabled: boolean) => form.run(async () => {
    await state.api.users.update(user.id, { disabled }, etagOf(user.version));
    state.announce(`${user.displayName} ${disabled ? 'disabled' : 'enabled'}`);
    void data.reload();
  });
  return (
    <section id="users" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <Loaded resource={data} what="the users">
        {({ users, councils }) => (
          <>
            <DataTable caption="Accounts" rows={users} rowKey={(u) => u.id} columns={[
              { header: 'Name', rowHeader: true, cell: (u) => u.displayName },
              { header: 'E-mail', cell: (u) => u.email },
              {
                header: 'Role',
                cell: (u) => (
                  <>
                    <label class="visually-hidden" for={`role-${u.id}`}>Role of {u.displayName}</label>
                    <select id={`role-${u.id}`} value={u.role} disabled={u.role === 'lead'} onChange={(e) => void setRole(u, (e.target as HTMLSelectElement).value as User['role'])}>
                      <option value="office">Programme office</option><option value="sponsor">Sponsor</option>
                      {u.role === 'lead' && <option value="lead">Council lead</option>}
                    </select>
                  </>
                ),
              },
              { header: 'Councils', cell: (u) => u.councilIds.map((id) => councils.find((c) => c.id === id)?.code ?? id).join(', ') || '—' },
              { header: 'State', cell: (u) => (u.disabled ? 'Disabled' : 'Active') },
              {
                header: 'Access',
                cell: (u) => (u.disabled
                  ? <button type="button" class="button button--secondary" onClick={() => void setDisabled(u, false)}>Enable {u.displayName}</button>
                  : <ConfirmButton label={`Disable ${u.displayName}`} danger question={`Disable ${u.displayName}? Their sessions end at once and their API tokens stop working.`} confirmLabel="Disable the account" onConfirm={() => void setDisabled(u, true)} />),
              },
            ]} />
            <AddUser councils={councils} form={form} onAdded={() => void data.reload()} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** A new account; a lead is linked to a council. The refusals of the table's changes show here too. */
function AddUser({ councils, form: { problem, error, onSubmit }, onAdded }: { councils: Council[]; form: FormProblem; onAdded: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState(NEW_USER);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const create = onSubmit(async () => {
    await state.api.users.create({ email: form.email, displayName: form.displayName, role: form.role, password: form.password, councilIds: form.role === 'lead' && form.councilId ? [Number(form.councilId)] : [] });
    setForm(NEW_USER);
    state.announce('User created');
    onAdded();
  });
  return (
    <>
      <h3>Add a user</h3>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? f} />}
      <form onSubmit={create} noValidate>
        <Field name="email" label="E-mail" error={error('email')}>{(p) => <input {...p} type="email" value={form.email} onInput={set('email')} />}</Field>
        <Field name="displayName" label="Name" error={error('displayName')}>{(p) => <input {...p} type="text" value={form.displayName} onInput={set('displayName')} />}</Field>
        <Field name="role" label="Role">
          {(p) => (
            <select {...p} value={form.role} onChange={set('role')}>
              <option value="lead">Council lead</option><option value="sponsor">Sponsor</option><option value="office">Programme office</option>
            </select>
          )}
        </Field>
        {form.role === 'lead' && (
          <Field name="councilIds" label="Council" error={error('councilIds')}>
            {(p) => <select {...p} value={form.councilId} onChange={set('councilId')}><option value="">Choose a council</option>{councils.map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}</select>}
          </Field>
        )}
        <Field name="password" label="First password" hint="At least 12 characters. Tell them to change it." error={error('password')}>{(p) => <input {...p} type="password" autocomplete="new-password" value={form.password} onInput={set('password')} />}</Field>
        <div class="button-group"><button type="submit" class="button">Add user</button></div>
      </form>
    </>
  );
}
