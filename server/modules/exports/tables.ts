import { asc, eq, sql } from 'drizzle-orm';
import { seesUnpublished, type Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import {
  councilGroups, councils, earlyWins, features, gateDecisions, raidEntries, rolloutItems, userCouncils, users, waves,
} from '../../db/schema.ts';
import { Type, type TSchema } from 'typebox';
import type { CsvColumn } from '../../http/csv.ts';
import { runSliced } from '../../http/steps.ts';
import { readingRows } from './readings.ts';
import { auditRows } from './audit.ts';
import { volumeRows } from './volumes.ts';
import { Id, IsoDate, StringEnum } from '../../http/schemas.ts';
import { AUDIT_ENTITIES } from '../audit/schemas.ts';
import { CHANNEL_WORDS } from '../../domain/engagement-words.ts';
import { groupBy } from '../../domain/group-by.ts';
import type { AuditFilter } from '../audit/read-model.ts';
import { listActivitiesWithDates } from '../engagement/read-model.ts';
import { createQuestionStore, judged, questionFilter } from '../engagement/read-model.ts';
import { latestDecisions } from '../gates/read-model.ts';
import { riskScore } from '../raid/read-model.ts';
import { aboutOf, createRaidStore, ownerNameOf } from '../raid/read-model.ts';
import { currentEvaluation, type ReadinessEngine } from '../readiness/read-model.ts';
import { readingFilter } from '../readings/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import type { BenefitsReadModel } from '../benefits/read-model.ts';
import type { BenefitsSummary } from '../benefits/schemas.ts';
import { createVoiceResults, readerOf } from '../voice/read-model.ts';

/** Rows of the items export written between two pauses. */
const ITEMS_PAGE = 400;

const column = <Row>(header: string, value: CsvColumn<Row>['value']): CsvColumn<Row> => ({ header, value });

/** A table's columns and pages, typed by its row so every cell function is checked. */
const rowsOf = <Row>(columns: Array<CsvColumn<Row>>, pages: Iterable<Row[]> | AsyncIterable<Row[]>) => ({ columns, pages });

/** The plan, one row per rollout item, in the shape the plan import reads (see plan-import.ts). */
export const PLAN_COLUMNS = [
  'council_code', 'council_name', 'staff_headcount', 'manager_headcount', 'feature_code', 'feature_name', 'audience', 'wave', 'note',
] as const;

export interface PlanRow {
  councilCode: string | null;
  councilName: string | null;
  staffHeadcount: number | null;
  managerHeadcount: number | null;
  featureCode: string | null;
  featureName: string | null;
  audience: string | null;
  wave: string | null;
  note: string | null;
}

export function planRows(db: Db): PlanRow[] {
  const items = db.select({
    councilCode: councils.code, councilName: councils.name, staffHeadcount: councils.staffHeadcount, managerHeadcount: councils.managerHeadcount,
    featureCode: features.code, featureName: features.name, audience: features.audience, wave: waves.name, note: rolloutItems.note,
  }).from(rolloutItems)
    .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
    .innerJoin(features, eq(features.id, rolloutItems.featureId))
    .leftJoin(waves, eq(waves.id, rolloutItems.waveId))
    .orderBy(councils.code, features.code).all();
  // Councils and features without any item still belong to the plan: a row each, the other half empty.
  const lonelyCouncils = db.select({ councilCode: councils.code, councilName: councils.name, staffHeadcount: councils.staffHeadcount, managerHeadcount: councils.managerHeadcount })
    .from(councils).where(sql`not exists (select 1 from ${rolloutItems} where ${rolloutItems.councilId} = ${councils.id})`).orderBy(councils.code).all();
  const lonelyFeatures = db.select({ featureCode: features.code, featureName: features.name, audience: features.audience })
    .from(features).where(sql`not exists (select 1 from ${rolloutItems} where ${rolloutItems.featureId} = ${features.id})`).orderBy(features.code).all();
  const none = { councilCode: null, councilName: null, staffHeadcount: null, managerHeadcount: null, featureCode: null, featureName: null, audience: null, wave: null, note: null };
  return [...items, ...lonelyCouncils.map((c) => ({ ...none, ...c })), ...lonelyFeatures.map((f) => ({ ...none, ...f }))];
}

const planColumns: Array<CsvColumn<PlanRow>> = [
  column('council_code', (r) => r.councilCode), column('council_name', (r) => r.councilName),
  column('staff_headcount', (r) => r.staffHeadcount), column('manager_headcount', (r) => r.managerHeadcount),
  column('feature_code', (r) => r.featureCode), column('feature_name', (r) => r.featureName), column('audience', (r) => r.audience),
  column('wave', (r) => r.wave), column('note', (r) => r.note),
];

export interface ExportContext {
  db: Db;
  /** The app's readiness engine (server/services.ts), so an export shares the screens' cached evaluations. */
  engine: ReadinessEngine;
  /** The app's benefits figures, so an export shares the facts the screens have read. */
  benefits: BenefitsReadModel;
  actor: Actor;
  asOf: string;
  query: Record<string, unknown>;
}

/** One downloadable table: its file name, who may have it, its columns and its rows. */
export interface ExportTable {
  name: string;
  title: string;
  description: string;
  access: 'signedIn' | 'office';
  /** Filters the table takes, beyond the always-allowed asOf. */
  filters?: Record<string, TSchema>;
  /** Each table has its own row type; rowsOf checks every cell function against it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of tables of different row types
  rows(ctx: ExportContext): { columns: Array<CsvColumn<any>>; pages: Iterable<any[]> | AsyncIterable<any[]> };
}

export const EXPORT_TABLES: ExportTable[] = [
  {
    name: 'plan', title: 'Plan', access: 'signedIn',
    description: 'Councils, features and which wave each rollout item is in; the file the plan import reads back.',
    rows: ({ db }) => rowsOf(planColumns, [planRows(db)]),
  },
  {
    name: 'councils', title: 'Councils', access: 'signedIn', description: 'Councils with their headcounts and groups.',
    rows: ({ db }) => {
      const groups = groupBy(db.select().from(councilGroups).orderBy(councilGroups.name).all(), (g) => g.councilId);
      const list = db.select().from(councils).orderBy(councils.code).all();
      return rowsOf<typeof list[number]>([
        column('code', (c) => c.code), column('name', (c) => c.name), column('staff_headcount', (c) => c.staffHeadcount),
        column('manager_headcount', (c) => c.managerHeadcount),
        column('groups', (c) => (groups.get(c.id) ?? []).map((g) => `${g.name} (${g.headcount})`).join('; ')),
      ], [list]);
    },
  },
  {
    name: 'features', title: 'Features', access: 'signedIn', description: 'Self-service features with their audience, description and benefit.',
    rows: ({ db }) => {
      const list = db.select().from(features).orderBy(features.code).all();
      return rowsOf<typeof list[number]>([
        column('code', (f) => f.code), column('name', (f) => f.name), column('audience', (f) => f.audience),
        column('description', (f) => f.description), column('benefit', (f) => f.benefit),
      ], [list]);
    },
  },
  {
    name: 'waves', title: 'Waves', access: 'signedIn', description: 'Waves in order with their planned go-live dates.',
    rows: ({ db }) => {
      const list = db.select().from(waves).orderBy(waves.sequence).all();
      return rowsOf<typeof list[number]>([
        column('sequence', (w) => w.sequence), column('name', (w) => w.name), column('planned_go_live', (w) => w.plannedGoLive),
        column('status', (w) => w.status), column('description', (w) => w.description),
      ], [list]);
    },
  },
  {
    name: 'items', title: 'Rollout items with slippage', access: 'signedIn', filters: { baselineId: Type.Optional(Id) },
    description: 'Every rollout item as of a day: planned, baseline and actual go-live, slippage in days, RAG and why.',
    rows: ({ db, engine, asOf, query }) => {
      type Item = ReturnType<ReadinessEngine['evaluateItems']>['items'][number];
      let decisions: ReturnType<typeof latestDecisions> = new Map();
      // Every item judged in slices (a day a year back replays the plan and judges 3,200 items: seconds of work), then
      // written a few hundred rows a page.
      async function* pages(): AsyncGenerator<Item[]> {
        const { items } = await runSliced(engine.evaluateSteps({ asOf, baselineId: query.baselineId as number | undefined }));
        decisions = latestDecisions(db);
        for (let start = 0; start < items.length; start += ITEMS_PAGE) yield items.slice(start, start + ITEMS_PAGE);
      }
      return rowsOf<Item>([
        column('council_code', (i) => i.facts.councilCode), column('council', (i) => i.facts.councilName),
        column('feature', (i) => i.facts.featureName), column('wave', (i) => i.facts.waveName), column('status', (i) => i.facts.status),
        column('planned_go_live', (i) => i.progress.plannedGoLive), column('baseline_go_live', (i) => i.progress.baselineGoLive),
        column('actual_go_live', (i) => i.progress.actualGoLive), column('slippage_days', (i) => i.progress.slippageDays),
        column('slip_state', (i) => i.progress.slipState), column('overdue', (i) => i.progress.overdue),
        column('rag', (i) => currentEvaluation(i).rag), column('score', (i) => currentEvaluation(i).score),
        column('reasons', (i) => currentEvaluation(i).reasons.join('; ')),
        column('gate', (i) => decisions.get(i.facts.itemId)?.decision ?? null), column('note', (i) => i.facts.note),
      ], pages());
    },
  },
  {
    name: 'readings', title: 'Readings', access: 'signedIn',
    filters: { councilId: Type.Optional(Id), criterionId: Type.Optional(Id), featureId: Type.Optional(Id), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
    description: 'Every reading, oldest first; the first six columns are the readings upload format. Filter by councilId, criterionId, from and to.',
    rows: ({ db, query }) => readingRows(db, query as Parameters<typeof readingFilter>[0]),
  },
  {
    name: 'wins', title: 'Early wins', access: 'signedIn', description: 'Early wins with their evidence; sponsors get published wins only.',
    rows: ({ db, actor }) => {
      const list = db.select({
        title: earlyWins.title, council: councils.name, feature: features.name, wonOn: earlyWins.wonOn, story: earlyWins.story,
        evidenceValue: earlyWins.evidenceValue, evidenceUnit: earlyWins.evidenceUnit, evidenceNote: earlyWins.evidenceNote,
        evidenceLink: earlyWins.evidenceLink, published: earlyWins.published,
      }).from(earlyWins).innerJoin(councils, eq(councils.id, earlyWins.councilId)).leftJoin(features, eq(features.id, earlyWins.featureId))
        .where(seesUnpublished(actor) ? undefined : eq(earlyWins.published, true)).orderBy(earlyWins.wonOn, earlyWins.id).all();
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('won_on', (w) => w.wonOn), column('council', (w) => w.council), column('feature', (w) => w.feature), column('title', (w) => w.title),
        column('story', (w) => w.story), column('evidence_value', (w) => w.evidenceValue), column('evidence_unit', (w) => w.evidenceUnit),
        column('evidence_note', (w) => w.evidenceNote), column('evidence_link', (w) => w.evidenceLink), column('published', (w) => w.published),
      ], [list]);
    },
  },
  {
    name: 'blockers', title: 'Issues on items (once blockers)', access: 'signedIn',
    description: 'What blocks each item: its RAID issues, open first (blockers became RAID issues; the raid-log export has every field). Status resolved means closed.',
    rows: ({ db }) => {
      const list = db.select({
        council: councils.name, feature: features.name, description: raidEntries.title, owner: sql<string>`coalesce(${users.displayName}, ${raidEntries.ownerName})`,
        status: sql<'open' | 'resolved'>`case ${raidEntries.status} when 'closed' then 'resolved' else 'open' end`,
        raisedOn: raidEntries.raisedOn, dueDate: raidEntries.dueDate, resolvedOn: raidEntries.closedOn,
      }).from(raidEntries).innerJoin(rolloutItems, eq(rolloutItems.id, raidEntries.itemId)).innerJoin(councils, eq(councils.id, rolloutItems.councilId))
        .innerJoin(features, eq(features.id, rolloutItems.featureId)).leftJoin(users, eq(users.id, raidEntries.ownerUserId))
        .where(eq(raidEntries.type, 'issue')).orderBy(sql`case ${raidEntries.status} when 'open' then 0 else 1 end`, councils.name, raidEntries.id).all();
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('council', (b) => b.council), column('feature', (b) => b.feature), column('description', (b) => b.description),
        column('owner', (b) => b.owner), column('status', (b) => b.status), column('raised_on', (b) => b.raisedOn),
        column('due_date', (b) => b.dueDate), column('resolved_on', (b) => b.resolvedOn),
      ], [list]);
    },
  },
  {
    name: 'raid-log', title: 'RAID log', access: 'signedIn',
    description: 'Every risk, assumption, issue and dependency, open first, with its owner, dates, score and open actions (docs/raid.md).',
    rows: ({ db }) => {
      const list = createRaidStore(db).entries(undefined, Number.MAX_SAFE_INTEGER, 0);
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('id', (e) => e.id), column('type', (e) => e.type), column('scope', (e) => e.scope), column('about', (e) => aboutOf(e)),
        column('title', (e) => e.title), column('description', (e) => e.description), column('owner', (e) => ownerNameOf(e)),
        column('owner_is_user', (e) => (e.ownerUserId !== null ? 'yes' : 'no')), column('due_date', (e) => e.dueDate), column('status', (e) => e.status),
        column('likelihood', (e) => e.likelihood), column('impact', (e) => e.impact), column('score', (e) => riskScore(e)),
        column('proximity', (e) => e.proximity), column('trend', (e) => e.trend), column('response', (e) => e.response),
        column('validate_by', (e) => e.validateBy), column('raised_on', (e) => e.raisedOn), column('closed_on', (e) => e.closedOn),
        column('open_actions', (e) => Number(e.openActions)), column('shareable', (e) => (e.shareable ? 'yes' : 'no')),
      ], [list]);
    },
  },
  {
    name: 'gate-decisions', title: 'Gate decisions', access: 'signedIn', description: 'Every go/no-go decision, superseded ones included.',
    rows: ({ db }) => {
      const list = db.select({
        council: councils.name, feature: features.name, proposed: gateDecisions.proposed, decision: gateDecisions.decision, reason: gateDecisions.reason,
        asOf: gateDecisions.asOf, decidedBy: gateDecisions.decidedByName, decidedAt: gateDecisions.decidedAt,
      }).from(gateDecisions).innerJoin(rolloutItems, eq(rolloutItems.id, gateDecisions.itemId)).innerJoin(councils, eq(councils.id, rolloutItems.councilId))
        .innerJoin(features, eq(features.id, rolloutItems.featureId)).orderBy(gateDecisions.id).all();
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('decided_at', (d) => d.decidedAt), column('council', (d) => d.council), column('feature', (d) => d.feature),
        column('proposed', (d) => d.proposed), column('decision', (d) => d.decision), column('reason', (d) => d.reason),
        column('as_of', (d) => d.asOf), column('decided_by', (d) => d.decidedBy),
      ], [list]);
    },
  },
  {
    name: 'comms-activities', title: 'Communications activities', access: 'signedIn',
    description: 'The communications plan: each activity on its day (relative ones follow their wave), with its reach once done.',
    rows: ({ db, asOf }) => {
      const list = listActivitiesWithDates(db, {}, asOf);
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('date', (a) => a.date), column('wave', (a) => a.waveName), column('councils', (a) => a.councils.map((c) => c.name).join('; ')),
        column('title', (a) => a.title), column('channel', (a) => CHANNEL_WORDS[a.channel]), column('audience', (a) => a.audienceGroup ?? a.audience),
        column('offset_days', (a) => (a.dateMode === 'relative' ? a.offsetDays : null)), column('owner', (a) => a.owner), column('status', (a) => a.status),
        column('overdue', (a) => a.overdue), column('done_on', (a) => a.doneOn), column('people_reached', (a) => a.peopleReached),
        column('attendance', (a) => a.attendance), column('open_rate', (a) => a.openRate), column('note', (a) => a.note),
      ], [list]);
    },
  },
  {
    name: 'questions', title: 'Staff questions', access: 'signedIn',
    description: 'Questions staff raised, with the answer, when it was due and whether it was late; sponsors get the published FAQs only.',
    rows: ({ db, actor, asOf }) => {
      const target = readSettings(db).answerTargetWorkingDays;
      const list = createQuestionStore(db).all(questionFilter(seesUnpublished(actor) ? {} : { published: true })).map((q) => judged(q, target, asOf));
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('raised_on', (q) => q.raisedOn), column('council', (q) => q.councilName), column('feature', (q) => q.featureName),
        column('channel', (q) => q.channel), column('category', (q) => q.category), column('question', (q) => q.question), column('status', (q) => q.status),
        column('due_on', (q) => q.dueOn), column('late', (q) => q.late), column('answer', (q) => q.answer), column('answered_by', (q) => q.answeredBy),
        column('answered_on', (q) => q.answeredOn), column('published_as_faq', (q) => q.published),
      ], [list]);
    },
  },
  {
    name: 'voice-results', title: 'Staff voice results', access: 'signedIn',
    description: 'One row per pulse survey round and stage: responses, response rate, mean and percent agreeing; empty where fewer answered than the threshold (docs/staff-voice.md). Never an answer, never a comment.',
    rows: ({ db, actor, asOf }) => {
      const figures = createVoiceResults(db, () => new Date(`${asOf}T12:00:00.000Z`)).results({}, readerOf(actor));
      const list = figures.rounds.flatMap((r) => r.figures.stages.map((s) => ({ ...r, ...s, min: figures.minResponses })));
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('council', (r) => r.councilName), column('group', (r) => r.groupName), column('wave', (r) => r.waveName), column('round', (r) => r.title),
        column('opens_on', (r) => r.opensOn), column('responses', (r) => r.figures.responses), column('headcount', (r) => r.headcount),
        column('response_rate_percent', (r) => r.responseRate), column('stage', (r) => r.stage), column('mean_1_to_5', (r) => r.mean),
        column('agree_percent', (r) => r.agreePercent), column('held_back_under', (r) => (r.figures.suppressed ? r.min : null)),
      ], [list]);
    },
  },
  {
    name: 'benefit-volumes', title: 'Monthly volumes by channel', access: 'signedIn',
    filters: { councilId: Type.Optional(Id), transactionTypeId: Type.Optional(Id) },
    description: 'Every monthly volume entry, corrections included, oldest first; the first ten columns are the volumes upload format. Filter by councilId and transactionTypeId.',
    rows: ({ db, query }) => volumeRows(db, query as Parameters<typeof volumeRows>[1]),
  },
  {
    name: 'benefits-monthly', title: 'Benefits by council and month', access: 'signedIn',
    description: 'Per council and month as of asOf: transactions, take-up, cost per transaction and the saving in pence (docs/benefits.md); empty cells are not measured, never zero.',
    rows: ({ db, benefits, asOf }) => {
      type Row = { council: string } & BenefitsSummary['months'][number];
      // A page per council, each made in slices from the app's facts of the day (every volume entry that counts, read
      // once and shared with the screens), not remembered. The councils in the order the programme's summary lists
      // them (by name), without making that summary: it added up every council's series.
      async function* pages(): AsyncGenerator<Row[]> {
        for (const c of db.select({ id: councils.id, name: councils.name }).from(councils).orderBy(asc(councils.name)).all()) {
          yield (await benefits.summaryOnce({ asOf, councilId: c.id })).months.map((m) => ({ council: c.name, ...m }));
        }
      }
      return rowsOf<Row>([
        column('council', (r) => r.council), column('month', (r) => r.month), column('transactions', (r) => (r.reported > 0 ? r.total : null)),
        column('online_percent', (r) => r.takeUpPercent), column('assisted_percent', (r) => r.assistedPercent),
        column('cost_per_transaction_pence', (r) => r.costPerTransactionPence), column('saving_pence', (r) => r.savingPence),
        column('cashable_pence', (r) => r.cashablePence), column('saved_to_date_pence', (r) => r.cumulativePence), column('missing_reports', (r) => r.missing),
      ], pages());
    },
  },
  {
    name: 'users', title: 'Users', access: 'office', description: 'Accounts with their role, councils and whether they are disabled (never passwords).',
    rows: ({ db }) => {
      const list = db.select({ id: users.id, email: users.email, name: users.displayName, role: users.role, disabledAt: users.disabledAt }).from(users).orderBy(users.email).all();
      const councilsOf = groupBy(db.select({ userId: userCouncils.userId, code: councils.code }).from(userCouncils)
        .innerJoin(councils, eq(councils.id, userCouncils.councilId)).orderBy(councils.code).all(), (r) => r.userId);
      type Row = typeof list[number];
      return rowsOf<Row>([
        column('email', (u) => u.email), column('name', (u) => u.name), column('role', (u) => u.role),
        column('councils', (u) => (councilsOf.get(u.id) ?? []).map((r) => r.code).join('; ')), column('disabled_at', (u) => u.disabledAt),
      ], [list]);
    },
  },
  {
    name: 'audit', title: 'Audit trail', access: 'office',
    filters: { entity: Type.Optional(StringEnum(AUDIT_ENTITIES)), entityId: Type.Optional(Id), userId: Type.Optional(Id), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
    description: 'Every recorded change, oldest first, with the fields that changed. Filter by entity, userId, from and to.',
    rows: ({ db, query }) => auditRows(db, query as AuditFilter),
  },
];
