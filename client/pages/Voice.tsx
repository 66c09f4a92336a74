import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { VoiceComment, VoiceIdea, VoiceResults } from '../api/voice-types.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { DiscardForm, FeedForm, IdeaStatusForm, LinksTable, LogIdeaForm, NewLinkForm, OpenSurveyForm } from '../components/Voice/VoiceManage.tsx';
import { day, todayIso } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './voice.css';

const STAGES = ['Awareness', 'Desire', 'Knowledge', 'Ability', 'Reinforcement'];
type Round = VoiceResults['rounds'][number];
const held = (r: Round) => r.figures.suppressed;
const mean = (r: Round, i: number) => (held(r) ? 'Held back' : r.figures.stages[i]?.mean ?? 'None');
const IDEA_WORDS = { new: 'New', considering: 'Considering', adopted: 'Adopted', not_now: 'Not now' } as const;

/**
 * Staff voice for the team and sponsors: results as tables (always under the threshold), the review queue, the ideas
 * log; for the office and leads, the forms that open surveys, make and close links, set bursts aside, feed readings
 * and move ideas on (components/Voice/VoiceManage.tsx).
 */
// eslint-disable-next-line max-lines-per-function -- the staff voice page: results, the review queue, ideas and the office's and leads' forms share one message line and reload one another after a change; one screen read top to bottom
export function VoicePage() {
  usePageTitle('Staff voice');
  const state = useAppState();
  const role = state.user.value?.role;
  const results = useResource(() => state.api.voice.results(), []);
  const queue = useResource(() => (role === 'sponsor' ? Promise.resolve([] as VoiceComment[]) : state.api.voice.queue()), [role]);
  const ideas = useResource(() => state.api.voice.ideas(), []);
  const manages = role === 'office' || role === 'lead';
  const setup = useResource(async () => {
    if (!manages) return null;
    const [surveys, councils, waves, criteria, published] = await Promise.all([
      state.api.voice.surveys(), state.api.councils.list(), state.api.waves.list(), state.api.criteria.list(), state.api.voice.published(),
    ]);
    return { surveys: surveys.filter((s) => state.leads(s.councilId)), councils: councils.data, waves: waves.data, criteria: criteria.data, published };
  }, [manages]);
  const [message, setMessage] = useState('');
  const [edits, setEdits] = useState<Record<number, string>>({});
  const today = todayIso();
  const changed = () => { setup.reload(); results.reload(); ideas.reload(); };

  async function review(c: VoiceComment, status: 'published' | 'withheld') {
    const text = edits[c.id];
    try {
      await state.api.voice.review(c.id, c.version, status, status === 'published' && text !== undefined && text !== c.text ? text : undefined);
      setMessage(status === 'published' ? (text !== undefined && text !== c.text ? 'Comment published as edited.' : 'Comment published.') : 'Comment withheld.');
      queue.reload();
      setup.reload();
    } catch (error) {
      setMessage(asApiError(error, 'The comment could not be reviewed.').message);
    }
  }

  async function toWin(i: VoiceIdea) {
    try {
      const { winId } = await state.api.voice.ideaToWin(i.id);
      setMessage(`${i.title} is now early win ${winId}, a draft for the programme office to publish.`);
      ideas.reload();
    } catch (error) {
      setMessage(asApiError(error, 'The idea could not become an early win.').message);
    }
  }

  return (
    <>
      <h1>Staff voice</h1>
      <p class="lede">What staff say in the pulse surveys. Figures of any group are shown only when enough people answered; comments only after review.</p>
      <Loaded resource={results} what="the survey results">
        {(data) => (
          <>
            <p>Figures are held back for any round with fewer than {data.minResponses} answers.</p>
            <DataTable caption="Councils: latest round and silence" rowKey={(c) => c.councilId} rows={data.councils} columns={[
              { header: 'Council', rowHeader: true, cell: (c) => c.councilName },
              { header: 'Rounds', numeric: true, cell: (c) => c.rounds },
              { header: 'Latest response rate', numeric: true, cell: (c) => (c.latest?.responseRate != null ? `${c.latest.responseRate}%` : 'None') },
              { header: 'Last answer', cell: (c) => (c.lastAnsweredOn ? day(c.lastAnsweredOn) : 'None') },
              { header: 'Gone quiet', cell: (c) => (c.quiet ? `Yes: ${c.quietReason}` : 'No') },
              { header: 'Ideas adopted', numeric: true, cell: (c) => c.adoptedIdeas },
            ]} />
            <DataTable caption="Score per stage over time (mean, 1 to 5)" rowKey={(r) => r.surveyId} rows={data.rounds} columns={[
              { header: 'Round', rowHeader: true, cell: (r) => `${r.councilName}${r.groupName ? `, ${r.groupName}` : ''}: ${r.title}` },
              { header: 'Opened', cell: (r) => day(r.opensOn) },
              { header: 'Answers', numeric: true, cell: (r) => r.figures.responses },
              { header: 'Response rate', numeric: true, cell: (r) => (r.responseRate != null ? `${r.responseRate}%` : 'None') },
              ...STAGES.map((name, i) => ({ header: name, numeric: true, cell: (r: Round) => mean(r, i) })),
              { header: 'Net recommend', numeric: true, cell: (r: Round) => (held(r) ? 'Held back' : r.figures.recommendNet ?? 'None') },
            ]} />
          </>
        )}
      </Loaded>
      {role !== 'sponsor' && (
        <section aria-labelledby="queue-title">
          <h2 id="queue-title">Comments to review</h2>
          <p>Take out anything that could identify someone (names, small teams, places, rare job titles) before publishing, or withhold the comment. What you publish replaces the words; a withheld comment is emptied.</p>
          <div role="status" aria-live="polite">{message}</div>
          <Loaded resource={queue} what="the review queue">
            {(list) => (
              <DataTable caption="Review queue" rowKey={(c) => c.id} rows={list} empty="No comments are waiting for review." columns={[
                { header: 'Comment', rowHeader: true, cell: (c) => c.text },
                { header: 'Council', cell: (c) => c.councilName },
                { header: 'Answered', cell: (c) => day(c.answeredOn) },
                { header: 'Publish as', cell: (c) => (
                  <>
                    <label class="visually-hidden" for={`publish-as-${c.id}`}>Comment {c.id} as published, with anything identifying taken out</label>
                    <textarea id={`publish-as-${c.id}`} class="voice-edit" maxLength={1000} value={edits[c.id] ?? c.text}
                      onInput={(e) => setEdits({ ...edits, [c.id]: (e.target as HTMLTextAreaElement).value })} />
                  </>
                ) },
                { header: 'Review', cell: (c) => (
                  <span class="button-group">
                    <button type="button" class="button button--secondary" onClick={() => review(c, 'published')}>Publish<span class="visually-hidden"> comment {c.id}</span></button>
                    <button type="button" class="button button--warning" onClick={() => review(c, 'withheld')}>Withhold<span class="visually-hidden"> comment {c.id}</span></button>
                  </span>
                ) },
              ]} />
            )}
          </Loaded>
        </section>
      )}
      <section aria-labelledby="ideas-title">
        <h2 id="ideas-title">Ideas</h2>
        <Loaded resource={ideas} what="the ideas">
          {(list) => (
            <DataTable caption="Ideas log" rowKey={(i) => i.id} rows={list} empty="No ideas logged yet." columns={[
              { header: 'Idea', rowHeader: true, cell: (i) => i.title },
              { header: 'Council', cell: (i) => i.councilName },
              { header: 'Status', cell: (i) => IDEA_WORDS[i.status] },
              { header: 'We did, or why not now', cell: (i) => i.weDid || i.reason },
              ...(manages ? [{ header: 'Early win', cell: (i: VoiceIdea) => (i.winId !== null ? `Early win ${i.winId}`
                : i.status === 'adopted' && state.leads(i.councilId)
                  ? <button type="button" class="button button--secondary" onClick={() => void toWin(i)}>Make an early win<span class="visually-hidden"> of {i.title}</span></button>
                  : 'None') }] : []),
            ]} />
          )}
        </Loaded>
      </section>
      {manages && (
        <Loaded resource={setup} what="the surveys">
          {(data) => data && (
            <>
              <section aria-labelledby="ideas-manage-title" class="voice-manage">
                <h2 id="ideas-manage-title">Change the ideas log</h2>
                <LogIdeaForm councils={data.councils} published={data.published} onSaved={changed} />
                {ideas.data && <IdeaStatusForm ideas={ideas.data} onSaved={changed} />}
              </section>
              <section aria-labelledby="surveys-title" class="voice-manage">
                <h2 id="surveys-title">Surveys and links</h2>
                <LinksTable surveys={data.surveys} onChanged={changed} />
                <OpenSurveyForm councils={data.councils} waves={data.waves} today={today} onSaved={changed} />
                <NewLinkForm surveys={data.surveys} onSaved={changed} />
                {results.data && <FeedForm rounds={results.data.rounds} criteria={data.criteria} onSaved={changed} />}
                {role === 'office' && <DiscardForm surveys={data.surveys} today={today} onSaved={changed} />}
              </section>
            </>
          )}
        </Loaded>
      )}
    </>
  );
}
