import { usePageTitle } from '../../components/Layout/Layout.tsx';
import { useAppState } from '../../state/app-state.ts';
import { Baselines } from './Baselines.tsx';
import { Councils } from './Councils.tsx';
import { CriteriaTable } from './Criteria.tsx';
import { Features } from './Features.tsx';
import { PlanGrid } from './PlanGrid.tsx';
import { Users } from './Users.tsx';
import { WaveDates } from './WaveDates.tsx';

/** The programme office's workbench: assign items to waves, move wave dates, approve baselines, see the catalogue and users. */
export function Planning() {
  usePageTitle('Planning');
  const state = useAppState();
  if (!state.isOffice.value) {
    return (
      <>
        <h1>Planning</h1>
        <p>Only the programme office can plan waves and approve baselines. <a href="/">Go to the programme overview</a>.</p>
      </>
    );
  }
  return (
    <>
      <h1>Planning</h1>
      <nav aria-label="Planning sections">
        <ul class="inline-links">
          <li><a href="#plan-grid">Plan</a></li>
          <li><a href="#wave-dates">Wave dates</a></li>
          <li><a href="#baselines">Baselines</a></li>
          <li><a href="#councils">Councils</a></li>
          <li><a href="#features">Features</a></li>
          <li><a href="#criteria">Criteria</a></li>
          <li><a href="#users">Users</a></li>
        </ul>
      </nav>
      <PlanGrid />
      <WaveDates />
      <Baselines />
      <Councils />
      <Features />
      <CriteriaTable />
      <Users />
    </>
  );
}
