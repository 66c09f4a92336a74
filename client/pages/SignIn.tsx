import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { useAppState } from '../state/app-state.ts';

export function SignIn() {
  usePageTitle('Sign in');
  const state = useAppState();
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = 'Enter your e-mail address';
    if (!password) fields.password = 'Enter your password';
    if (Object.keys(fields).length > 0) {
      setProblem({ message: 'Fill in both fields to sign in.', fields });
      return;
    }
    setBusy(true);
    try {
      await state.signIn(email.trim(), password);
      const next = typeof query.next === 'string' && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/';
      route(next === '/sign-in' ? '/' : next);
    } catch (error) {
      setProblem({ message: asApiError(error, 'Signing in failed.').message, fields: {} });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>Sign in</h1>
      <p class="lede">Progress of the HR self-service rollout across the councils, against the plan.</p>
      {problem && (
        <ErrorSummary message={problem.message} details={Object.entries(problem.fields).map(([field, message]) => ({ field, message }))}
          label={() => ''} />
      )}
      <form onSubmit={submit} noValidate>
        <Field name="email" label="E-mail address" error={problem?.fields.email}>
          {(props) => <input {...props} type="email" name="email" autocomplete="username" spellcheck={false} value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field name="password" label="Password" error={problem?.fields.password}>
          {(props) => <input {...props} type="password" name="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />}
        </Field>
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </div>
      </form>
      <p class="muted">Forgotten your password? Ask the programme office to reset it.</p>
    </div>
  );
}
