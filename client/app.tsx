import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useMemo } from 'preact/hooks';
import { createApi, type Api } from './api/client.ts';
import { Layout } from './components/Layout/Layout.tsx';
import { AppStateContext, createAppState, useAppState } from './state/app-state.ts';

const Overview = lazy(() => import('./pages/Overview.tsx').then((m) => m.Overview));
const SignIn = lazy(() => import('./pages/SignIn.tsx').then((m) => m.SignIn));
const CouncilPage = lazy(() => import('./pages/Council.tsx').then((m) => m.CouncilPage));
const WavePage = lazy(() => import('./pages/Wave.tsx').then((m) => m.WavePage));
const ItemPage = lazy(() => import('./pages/Item.tsx').then((m) => m.ItemPage));
const Planning = lazy(() => import('./pages/planning/index.tsx').then((m) => m.Planning));
const BaselinesPage = lazy(() => import('./pages/Baselines.tsx').then((m) => m.BaselinesPage));
const ReportsPage = lazy(() => import('./pages/Reports.tsx').then((m) => m.ReportsPage));
const IssuedReportPage = lazy(() => import('./pages/Reports.tsx').then((m) => m.IssuedReportPage));
const DataPage = lazy(() => import('./pages/Data.tsx').then((m) => m.DataPage));
const SharingPage = lazy(() => import('./pages/Sharing.tsx').then((m) => m.SharingPage));
const SharedPage = lazy(() => import('./pages/Shared.tsx').then((m) => m.SharedPage));
const Communications = lazy(() => import('./pages/communications/index.tsx').then((m) => m.Communications));
const Questions = lazy(() => import('./pages/questions/index.tsx').then((m) => m.Questions));
const BenefitsPage = lazy(() => import('./pages/Benefits.tsx').then((m) => m.BenefitsPage));
const FaqPage = lazy(() => import('./pages/Faq.tsx').then((m) => m.FaqPage));
const NotificationsPage = lazy(() => import('./pages/Notifications.tsx').then((m) => m.NotificationsPage));
const NotificationPreferencesPage = lazy(() => import('./pages/Notifications.tsx').then((m) => m.NotificationPreferencesPage));
const OutboxPage = lazy(() => import('./pages/Notifications.tsx').then((m) => m.OutboxPage));
const MyCouncilPage = lazy(() => import('./pages/MyCouncil.tsx').then((m) => m.MyCouncilPage));
const MyCouncilChooser = lazy(() => import('./pages/MyCouncil.tsx').then((m) => m.MyCouncilChooser));
const TimelinePage = lazy(() => import('./pages/Timeline.tsx').then((m) => m.TimelinePage));
const VoicePage = lazy(() => import('./pages/Voice.tsx').then((m) => m.VoicePage));
const PosterPage = lazy(() => import('./pages/Poster.tsx').then((m) => m.PosterPage));
const SayPage = lazy(() => import('./pages/Say.tsx').then((m) => m.SayPage));
const SaidDidPage = lazy(() => import('./pages/SaidDid.tsx').then((m) => m.SaidDidPage));
const RaidPage = lazy(() => import('./pages/Raid.tsx').then((m) => m.RaidPage));
const AccountPage = lazy(() => import('./pages/Account.tsx').then((m) => m.AccountPage));
const NotFound = lazy(() => import('./pages/NotFound.tsx').then((m) => m.NotFound));

/** Pages for staff without an account: the pulse survey and "you said, we did" (docs/staff-voice.md). */
const isStaffPage = (path: string) => path.startsWith('/say/') || path.startsWith('/you-said-we-did/');

/** Sends signed-out visitors to the sign-in page, and back where they were after. */
function Gate() {
  const state = useAppState();
  const { path, route } = useLocation();
  const signedIn = state.user.value !== null;
  useEffect(() => {
    if (state.sessionStatus.value === 'ready' && !signedIn && path !== '/sign-in' && path !== '/shared' && !isStaffPage(path)) route(`/sign-in?next=${encodeURIComponent(path)}`, true);
    // route is the router's navigation function: the redirect is decided by the session and the path alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.sessionStatus.value, signedIn, path]);
  return (
    <ErrorBoundary>
      <Router>
        <Route path="/sign-in" component={SignIn} />
        <Route path="/" component={signedIn ? Overview : Blank} />
        <Route path="/councils/:id" component={signedIn ? CouncilPage : Blank} />
        <Route path="/raid" component={signedIn ? RaidPage : Blank} />
        <Route path="/my-council" component={signedIn ? MyCouncilChooser : Blank} />
        <Route path="/my-council/:id" component={signedIn ? MyCouncilPage : Blank} />
        <Route path="/timeline" component={signedIn ? TimelinePage : Blank} />
        <Route path="/waves/:id" component={signedIn ? WavePage : Blank} />
        <Route path="/items/:id" component={signedIn ? ItemPage : Blank} />
        <Route path="/planning" component={signedIn ? Planning : Blank} />
        <Route path="/baselines" component={signedIn ? BaselinesPage : Blank} />
        <Route path="/reports" component={signedIn ? ReportsPage : Blank} />
        <Route path="/reports/issued/:id" component={signedIn ? IssuedReportPage : Blank} />
        <Route path="/data" component={signedIn ? DataPage : Blank} />
        <Route path="/sharing" component={signedIn ? SharingPage : Blank} />
        <Route path="/shared" component={SharedPage} />
        <Route path="/voice" component={signedIn ? VoicePage : Blank} />
        <Route path="/voice/poster/:id" component={signedIn ? PosterPage : Blank} />
        <Route path="/say/:token" component={SayPage} />
        <Route path="/you-said-we-did/:code" component={SaidDidPage} />
        <Route path="/communications" component={signedIn ? Communications : Blank} />
        <Route path="/questions" component={signedIn ? Questions : Blank} />
        <Route path="/faq" component={signedIn ? FaqPage : Blank} />
        <Route path="/benefits" component={signedIn ? BenefitsPage : Blank} />
        <Route path="/notifications" component={signedIn ? NotificationsPage : Blank} />
        <Route path="/notifications/preferences" component={signedIn ? NotificationPreferencesPage : Blank} />
        <Route path="/notifications/outbox" component={signedIn ? OutboxPage : Blank} />
        <Route path="/account" component={signedIn ? AccountPage : Blank} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
}

const Blank = () => null;

export function App({ api }: { api?: Api }) {
  const state = useMemo(() => createAppState(api ?? createApi()), [api]);
  useEffect(() => {
    void state.loadSession();
  }, [state]);
  return (
    <AppStateContext.Provider value={state}>
      <LocationProvider>
        {/* Nothing of the page is drawn until the session answers: the header's menu depends on who is signed in, and
            drawn before it, the menu arriving pushed the page down by 158 px on a phone (CLS 0.157, two runs in three). */}
        {state.sessionStatus.value === 'checking' ? <p class="loading loading--app" role="status">Loading…</p> : (
          <Layout>
            <Gate />
          </Layout>
        )}
      </LocationProvider>
    </AppStateContext.Provider>
  );
}
