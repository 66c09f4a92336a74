import { usePageTitle } from '../components/Layout/Layout.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './voice.css';

/** "You said, we did": a council's adopted staff ideas, for staff, without sign-in. */
export function SaidDidPage({ code }: { code: string }) {
  usePageTitle('You said, we did');
  const state = useAppState();
  const page = useResource(() => state.api.voice.saidDid(code), [code]);
  if (page.state === 'loading') return <p role="status">Loading…</p>;
  if (page.state === 'error') return (<><h1>Page not found</h1><p>There is no council with the code {code}.</p></>);
  const { councilName, ideas } = page.data;
  return (
    <div class="voice-said-did">
      <span class="caption">{councilName}</span>
      <h1>You said, we did</h1>
      <p class="lede">Ideas staff gave us in our pulse surveys, and what we did about them.</p>
      {ideas.length === 0 ? <p>Nothing yet: the ideas from the latest survey are being looked at.</p> : ideas.map((idea) => (
        <article key={idea.title}>
          <h2>{idea.title}</h2>
          <p><strong>You said:</strong> {idea.youSaid}</p>
          <p><strong>We did:</strong> {idea.weDid}</p>
          {idea.decidedOn && <p class="muted">Decided {day(idea.decidedOn)}</p>}
        </article>
      ))}
    </div>
  );
}
