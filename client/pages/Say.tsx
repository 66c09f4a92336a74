import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { SurveyAnswer } from '../api/voice-types.ts';
import { ErrorSummary, fieldId } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './voice.css';

const BROWSER_KEY = 'rollout-planner.voice-browser';

/** A random token this browser keeps, so it is not counted twice (docs/staff-voice.md): never who you are. */
function browserToken(): string | undefined {
  try {
    let token = localStorage.getItem(BROWSER_KEY);
    if (!token) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      localStorage.setItem(BROWSER_KEY, token);
    }
    return token;
  } catch {
    return undefined; // Storage switched off: the answer still counts.
  }
}

/** The pulse survey staff open from a poster or a briefing: no sign-in, one page, radios and three optional boxes. */
// eslint-disable-next-line max-lines-per-function -- the public survey form: questions, answers and the thank-you share the link's state, and staff answer it on a phone in this order
export function SayPage({ token }: { token: string }) {
  usePageTitle('Staff survey');
  const state = useAppState();
  const form = useResource(() => state.api.voice.form(token), [token]);
  const [answer, setAnswer] = useState<SurveyAnswer>({});
  const { problem, show } = useProblem();
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  if (form.state === 'loading') return <p role="status">Loading the survey…</p>;
  if (form.state === 'error') {
    const closed = form.error.status === 410;
    return (
      <>
        <h1>{closed ? 'This survey has closed' : 'Survey not found'}</h1>
        <p>{closed ? form.error.message : 'Check the link on the poster or message you used. It may have been typed wrongly.'}</p>
      </>
    );
  }
  const survey = form.data;
  if (done) {
    return (
      <div class="voice-panel" role="status">
        <h1>Thank you</h1>
        <p>{done}</p>
      </div>
    );
  }

  const set = (key: keyof SurveyAnswer, value: number | string) => setAnswer((a) => ({ ...a, [key]: value }));
  async function submit(event: Event) {
    event.preventDefault();
    setSending(true);
    try {
      const text = (k: 'working_well' | 'going_wrong' | 'ideas') => (answer[k]?.trim() ? { [k]: answer[k]!.trim() } : {});
      const sent = await state.api.voice.answer(token, {
        ...answer, ...text('working_well'), ...text('going_wrong'), ...text('ideas'), ...(browserToken() ? { browserToken: browserToken() } : {}),
      });
      setDone(sent.message);
    } catch (error) {
      const refusal = asApiError(error, 'Your answers could not be sent. Please try again.');
      if (refusal.status === 409) setDone(refusal.message);
      else show(refusal.message, refusal.details);
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <span class="caption">{survey.councilName}{survey.groupName ? `, ${survey.groupName}` : ''}</span>
      <h1>{survey.title}</h1>
      <p class="lede">Tell us how the move to self-service is going for you. It takes about a minute. Every question is optional.</p>
      {problem && <ErrorSummary message={problem.message} details={problem.details} />}
      <form class="voice-form" onSubmit={submit} noValidate>
        {survey.statements.map((s) => (
          <fieldset key={s.stage} id={fieldId(s.stage)}>
            <legend>{s.text}</legend>
            <div class="voice-radios">
              {survey.scale.map((word, i) => (
                <label class="voice-radio" key={word}>
                  <input type="radio" name={s.stage} value={String(i + 1)} checked={answer[s.stage] === i + 1} onChange={() => set(s.stage, i + 1)} />
                  {word}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        {survey.recommend && (
          <fieldset id={fieldId('recommend')} aria-describedby="recommend-hint">
            <legend>{survey.recommend}</legend>
            <p class="hint" id="recommend-hint">0 is not at all likely, 10 is extremely likely.</p>
            <div class="voice-radios voice-radios--scale">
              {Array.from({ length: 11 }, (_, n) => (
                <label class="voice-radio" key={n}>
                  <input type="radio" name="recommend" value={String(n)} checked={answer.recommend === n} onChange={() => set('recommend', n)} />
                  {n}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {survey.prompts.map((p) => (
          <div class="field" key={p.prompt}>
            <label for={fieldId(p.prompt)}>{p.text}</label>
            <p class="hint" id={`${fieldId(p.prompt)}-hint`}>Please do not name anyone, yourself included. Up to 1,000 characters.</p>
            <textarea id={fieldId(p.prompt)} name={p.prompt} maxLength={1000} rows={3} aria-describedby={`${fieldId(p.prompt)}-hint`}
              value={answer[p.prompt] ?? ''} onInput={(e) => set(p.prompt, (e.target as HTMLTextAreaElement).value)} />
          </div>
        ))}
        <button type="submit" class="button" disabled={sending}>Send my answers</button>
      </form>
      <section class="voice-privacy" aria-labelledby="privacy-title">
        <h2 id="privacy-title">How we use your answers</h2>
        {survey.privacy.map((p) => <p key={p}>{p}</p>)}
        <p>This link works until {survey.expiresOn}.</p>
      </section>
    </>
  );
}
