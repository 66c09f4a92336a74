import { useState } from 'preact/hooks';
import { asApiError } from '../api/client.ts';
import type { VoiceComment, VoiceResults } from '../api/voice-types.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './voice.css';

const STAGES = ['Awareness', 'Desire', 'Knowledge', 'Ability', 'Reinforcement'];
type Round = VoiceResults['rounds'][number];
const held = (r: Round) => r.figures.suppressed;
const mean = (r: Round, i: number) => (held(r) ? 'Held back' : r.figures.stages[i]?.mean ?? 'None');
const IDEA_WORDS = { new: 'New', considering: 'Considering', adopted: 'Adopted', not_now: 'Not now' } as const;

/** Staff voice for the team and sponsors: results as tables (always under the threshold), the review queue, the ideas log. */
export function VoicePage() {
  usePageTitle('Staff voice');
  const state = useAppState();
  const role = state.user.value?.role;
  const results = useResource(() => state.api.voice.results(), []);
  const queue = useResource(() => (role === 'sponsor' ? Promise.resolve([] as VoiceComment[]) : state.api.voice.queue()), [role]);
  const ideas = useResource(() => state.api.voice.ideas(), []);
  const [message, setMessage] = useState('');

  async function review(c: VoiceComment, status: 'published' | 'withheld') {
    try {
      await state.api.voice.review(c.id, c.version, status);
      setMessage(status === 'published' ? 'Comment published.' : 'Comment withheld.');
      queue.reload();
    } catch (error) {
      setMessage(asApiError(error, 'The comment could not be reviewed.').message);
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
          <p>Take out anything that could identify someone before publishing, or withhold the comment.</p>
          <div role="status" aria-live="polite">{message}</div>
          <Loaded resource={queue} what="the review queue">
            {(list) => (
              <DataTable caption="Review queue" rowKey={(c) => c.id} rows={list} empty="No comments are waiting for review." columns={[
                { header: 'Comment', rowHeader: true, cell: (c) => c.text },
                { header: 'Council', cell: (c) => c.councilName },
                { header: 'Answered', cell: (c) => day(c.answeredOn) },
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
            ]} />
          )}
        </Loaded>
      </section>
    </>
  );
}
