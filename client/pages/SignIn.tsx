import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { useAppState } from '../state/app-state.ts';

export function SignIn() {
  usePageTitle('Sign in');
  const state = useAppState();
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { problem, error, show } = useProblem();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing = [
      ...(email.trim() ? [] : [{ field: 'email', message: 'Enter your e-mail address' }]),
      ...(password ? [] : [{ field: 'password', message: 'Enter your password' }]),
    ];
    if (missing.length > 0) {
      show('Fill in both fields to sign in.', missing);
      return;
    }
    setBusy(true);
    try {
      await state.signIn(email.trim(), password);
      const next = typeof query.next === 'string' && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/';
      route(next === '/sign-in' ? '/' : next);
    } catch (e) {
      // The refusal's message only: the two boxes are checked above, and a refusal never says which one was wrong.
      show(asApiError(e, 'Signing in failed.').message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <h1>Sign in</h1>
      <p class="lede">Progress of the HR self-service rollout across the councils, against the plan.</p>
      {problem && (
        <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />
      )}
      <form onSubmit={submit} noValidate>
        <Field name="email" label="E-mail address" error={error('email')}>
          {(props) => <input {...props} type="email" name="email" autocomplete="username" spellcheck={false} value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field name="password" label="Password" error={error('password')}>
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
