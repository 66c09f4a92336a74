import { format } from 'date-fns';
import { useState } from 'preact/hooks';
import { BaselinePicker } from '../components/BaselinePicker/BaselinePicker.tsx';
import { BoardReportView } from '../components/BoardReport/BoardReport.tsx';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../components/ErrorSummary/useProblem.ts';
import { DateField } from '../components/DateInput/DateInput.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, instant } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const printPage = () => window.print();

/** The board report for any period, ready to print or save as PDF; the office issues it as the record. */
export function ReportsPage() {
  usePageTitle('Board report');
  const state = useAppState();
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  const { problem, run, clear } = useProblem('', 'Issuing failed.');
  const [issuedNote, setIssuedNote] = useState<string | null>(null);
  const baselineId = state.baselineId.value;
  const report = useResource(() => state.api.reports.board(period.from, period.to, baselineId), [period.from, period.to, baselineId]);
  const issued = useResource(() => state.api.reports.issued(), []);
  /** What a date field shows: what is being typed, else the period asked for, else the one the server chose. */
  const shown = (end: 'from' | 'to') => draft[end] ?? period[end] ?? report.data?.period[end];

  const choose = (event: Event) => {
    event.preventDefault();
    setIssuedNote(null);
    clear();
    setPeriod({ from: shown('from'), to: shown('to') });
  };

  const issue = async () => {
    const reported = report.data?.period;
    if (!reported) return;
    await run(async () => {
      const made = await state.api.reports.issue({ from: reported.from, to: reported.to });
      setIssuedNote(`Issued "${made.title}". It is kept exactly as it is now.`);
      state.announce(`Issued ${made.title}`);
      issued.reload();
    });
  };

  const bad = report.state === 'error' && report.error.status === 400 ? report.error : null;
  return (
    <>
      <h1>Board report</h1>
      <p class="lede no-print">Progress against the plan, what changed, wins, blockers and what comes next, for any period. Print it, or save it as a PDF from the print dialog.</p>
      <form class="report-controls no-print" onSubmit={choose} noValidate>
        {(problem || bad) && (
          <ErrorSummary message={(problem ?? bad!).message} details={(problem?.details ?? bad!.details).map((d) => ({ ...d, field: d.field === 'from' ? 'report-from' : d.field === 'to' ? 'report-to' : d.field }))} label={(f) => (f === 'report-from' ? 'From' : f === 'report-to' ? 'To' : f)} />
        )}
        <DateField name="report-from" label="From (changes after this day)" hint="For example, 31 10 2026. Defaults to the end of the last issued report." value={shown('from') ?? ''} onChange={(v) => setDraft({ ...draft, from: v })} />
        <DateField name="report-to" label="To (as of this day)" hint="For example, 30 11 2026. Defaults to today." value={shown('to') ?? ''} onChange={(v) => setDraft({ ...draft, to: v })} />
        <div class="button-group">
          <button type="submit" class="button">Show report</button>
          <button type="button" class="button button--secondary" onClick={printPage}>Print or save as PDF</button>
          {state.isOffice.value && baselineId === undefined && report.data && report.data.period.to < format(new Date(), 'yyyy-MM-dd') && (
            <ConfirmButton label="Issue this report" confirmLabel="Issue report"
              question={<>Issue the report for {day(report.data.period.from)} to {day(report.data.period.to)}?{' '}
                An issued report is kept exactly as it is now and cannot be changed; the next report starts where it ends.</>}
              onConfirm={() => void issue()} />
          )}
        </div>
        {state.isOffice.value && report.data && report.data.period.to >= format(new Date(), 'yyyy-MM-dd') && (
          <p class="hint">A report is issued once its period has ended, so that the copy the board receives can be made again exactly: choose a "To" day before today to issue it.</p>
        )}
      </form>
      <div class="no-print"><BaselinePicker /></div>
      {state.isOffice.value && baselineId !== undefined && <p class="hint no-print">A report is issued against the baseline in force; choose it above to issue.</p>}
      {issuedNote && <div class="notice notice--success no-print" role="status"><p>{issuedNote}</p></div>}
      {bad ? null : <Loaded resource={report} what="the board report">{(data) => <BoardReportView report={data} />}</Loaded>}

      <section class="issued-list no-print" aria-labelledby="issued-title">
        <h2 id="issued-title">Issued reports</h2>
        <Loaded resource={issued} what="the issued reports">
          {(list) => (
            <DataTable caption="Reports as issued to the board, newest period first" rows={list} rowKey={(r) => r.id} empty="No report has been issued yet." columns={[
              { header: 'Report', rowHeader: true, cell: (r) => <a href={`/reports/issued/${r.id}`}>{r.title}</a> },
              { header: 'Period', cell: (r) => `${day(r.periodFrom)} to ${day(r.periodTo)}` },
              { header: 'Issued', cell: (r) => `${instant(r.issuedAt)} by ${r.issuedByName}` },
            ]} />
          )}
        </Loaded>
      </section>
    </>
  );
}

/** One issued report, exactly as the board saw it. */
export function IssuedReportPage({ id }: { id: string }) {
  usePageTitle('Issued board report');
  const state = useAppState();
  const issued = useResource(() => state.api.reports.issuedOne(Number(id)), [id]);
  return (
    <>
      <h1>Issued board report</h1>
      <Loaded resource={issued} what="the issued report">
        {(data) => (
          <>
            <p class="issued-banner">Issued on {instant(data.issuedAt)} by {data.issuedByName}. This is the copy the board received; it never changes. <a href="/reports" class="no-print">Make a report for another period</a>.</p>
            <div class="button-group"><button type="button" class="button button--secondary" onClick={printPage}>Print or save as PDF</button></div>
            <BoardReportView report={{ ...data.report, title: data.title }} />
          </>
        )}
      </Loaded>
    </>
  );
}
