import { eq, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { raidActions, raidEntries } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import type { Steps } from '../../http/steps.ts';
import { currentEvaluation, type ItemReadiness, type ReadinessEngine } from '../readiness/read-model.ts';
import {
  ESCALATION_SCORE, actionOverdue, actionStateOn, actionSummary, entryOverdue, heatMap, riskScore,
} from './rules.ts';
import type { ActionCard, ItemActions, ProgrammeStatus, RaidReportSection, RaidSummary } from './schemas.ts';
import { aboutOf, createRaidStore, ownerNameOf, type ActionRecord, type StatusRow } from './store.ts';
import { extend } from '../../domain/objects.ts';

/** Read by the CSV exports: the store's rows with what they are about and who owns them, and each risk's score. */
export { aboutOf, createRaidStore, ownerNameOf } from './store.ts';
export { riskScore } from './rules.ts';
/** The RAID service's type, for the RAID import the composition root (server/services.ts) hands it to. */
export type { RaidService } from './service.ts';

/**
 * Who reads: the team and sponsors see every entry's text; a share link sees the summary with internal text left
 * out, unless the office marked the entry shareable (docs/raid.md).
 */
export type RaidReader = 'team' | 'sponsor' | 'link';

export const HIDDEN_ACTION = 'An action (details for the programme team)';

const TOP_RISKS = 5;

/** Red (as judged now) or late (not live, and behind the baseline or past its planned date); never cancelled. */
export function isRedOrLate(i: ItemReadiness): { red: boolean; late: boolean } | undefined {
  if (i.facts.status === 'cancelled') return undefined;
  const red = currentEvaluation(i).rag === 'red';
  const late = !i.progress.live && (i.progress.overdue || (i.progress.slippageDays ?? 0) > 0);
  return red || late ? { red, late } : undefined;
}

/** The RAID read models: what we are doing about red and late items, the heat map, top risks, overdue actions. */
// eslint-disable-next-line max-lines-per-function -- the read model's factory: the summary, heat map and what we are doing share its statements and the engine
export function createRaidReadModel(db: Db, clock: Clock, engine: ReadinessEngine) {
  const store = createRaidStore(db);

  const card = (a: ActionRecord, day: string, reader: RaidReader): ActionCard => ({
    id: a.id,
    title: reader === 'link' && !a.entryShareable ? HIDDEN_ACTION : a.title,
    shareable: a.entryShareable,
    owner: ownerNameOf(a),
    dueDate: a.dueDate,
    status: actionStateOn(a, day) === 'open' ? 'open' : a.status,
    closedOn: a.closedOn !== null && a.closedOn <= day ? a.closedOn : null,
    overdue: actionOverdue(a, day),
    condition: a.gateDecisionId !== null,
  });

  /**
   * For every red or late item as of `to`: its actions open on that day (or none), and those done in (from, to]
   * when a period is given. Items come from the readiness engine, evaluated by the caller.
   */
  function whatWeAreDoing(items: ItemReadiness[], to: string, reader: RaidReader, from?: string): ItemActions[] {
    const flagged = items.flatMap((i) => {
      const state = isRedOrLate(i);
      return state ? [{ i, ...state }] : [];
    });
    if (flagged.length === 0) return [];
    const ids = new Set(flagged.map((f) => f.i.facts.itemId));
    const byItem = new Map<number, ActionRecord[]>();
    for (const a of store.actions(isNotNull(raidActions.itemId))) {
      if (!ids.has(a.itemId!)) continue;
      byItem.set(a.itemId!, [...(byItem.get(a.itemId!) ?? []), a]);
    }
    return flagged.map(({ i, red, late }) => {
      const actions = byItem.get(i.facts.itemId) ?? [];
      const open = actions.filter((a) => actionStateOn(a, to) === 'open');
      const done = from === undefined ? [] : actions.filter((a) => a.status === 'done' && a.closedOn !== null && a.closedOn > from && a.closedOn <= to);
      const openCards = open.map((a) => card(a, to, reader));
      return {
        itemId: i.facts.itemId, councilId: i.facts.councilId, councilName: i.facts.councilName, featureName: i.facts.featureName,
        waveName: i.facts.waveName, rag: currentEvaluation(i).rag, late, slippageDays: i.progress.slippageDays,
        reasons: red ? currentEvaluation(i).reasons.slice(0, 3) : [],
        actions: openCards, doneInPeriod: done.map((a) => card(a, to, reader)),
        openConditions: open.filter((a) => a.gateDecisionId !== null).length,
        summary: actionSummary(openCards),
      };
    }).sort((a, b) => (a.rag === b.rag ? 0 : a.rag === 'red' ? -1 : 1) || a.councilName.localeCompare(b.councilName) || a.featureName.localeCompare(b.featureName));
  }

  /** The RAID picture as of a day, for the programme or one council. */
  function summary(options: { councilId?: number; asOf?: string; reader: RaidReader }): RaidSummary {
    const asOf = options.asOf ?? today(clock);
    const { heatMap: riskMap, topRisks, overdueByOwner, escalations, counts } = picture(extend(options, { asOf }));
    const items = engine.evaluateItems({ asOf, ...(options.councilId !== undefined ? { councilIds: [options.councilId] } : {}) }).items;
    return {
      asOf, councilId: options.councilId ?? null, heatMap: riskMap, topRisks, overdueByOwner,
      whatWeAreDoing: whatWeAreDoing(items, asOf, options.reader), escalations, counts,
    };
  }

  /** The entries and actions of the RAID picture as of a day (all of the summary but what we are doing about items). */
  function picture(options: { councilId?: number; asOf: string; reader: RaidReader }) {
    const { asOf, reader } = options;
    const councilFilter: SQL | undefined = options.councilId !== undefined ? eq(raidEntries.councilId, options.councilId) : undefined;
    // Open on the day asked about: raised by then and not closed by then.
    const open = store.entries(councilFilter, Number.MAX_SAFE_INTEGER, 0).filter((e) => e.raisedOn <= asOf && (e.closedOn === null || e.closedOn > asOf));
    const risks = open.filter((e) => e.type === 'risk');
    const titleOf = (e: (typeof open)[number]) => (reader === 'link' && !e.shareable ? `${e.type[0]!.toUpperCase()}${e.type.slice(1)}: ${aboutOf(e)}` : e.title);
    const topRisks = [...risks].sort((a, b) => (riskScore(b) ?? 0) - (riskScore(a) ?? 0) || a.dueDate.localeCompare(b.dueDate) || a.id - b.id)
      .slice(0, TOP_RISKS)
      .map((e) => ({
        id: e.id, title: titleOf(e), about: aboutOf(e), owner: ownerNameOf(e), likelihood: e.likelihood!, impact: e.impact!, score: riskScore(e)!,
        trend: e.trend, response: e.response, dueDate: e.dueDate, shareable: e.shareable,
      }));

    const actions = store.actions(options.councilId !== undefined ? eq(raidActions.councilId, options.councilId) : undefined);
    const openActions = actions.filter((a) => actionStateOn(a, asOf) === 'open');
    const overdue = openActions.filter((a) => a.dueDate < asOf);
    const owners = new Map<string, { owner: string; userId: number | null; actions: ActionCard[] }>();
    for (const a of overdue) {
      const key = a.ownerUserId !== null ? `u${a.ownerUserId}` : `n${a.ownerName.toLowerCase()}`;
      const entry = owners.get(key) ?? { owner: ownerNameOf(a), userId: a.ownerUserId, actions: [] };
      entry.actions.push(card(a, asOf, reader));
      owners.set(key, entry);
    }
    const overdueByOwner = [...owners.values()].map((o) => extend(o, { count: o.actions.length }))
      .sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner));

    const escalations = open.flatMap((e) => {
      const score = riskScore(e);
      if (e.type === 'risk' && score !== null && score >= ESCALATION_SCORE) return [{ id: e.id, type: e.type, title: titleOf(e), reason: `Scores ${score} (${e.likelihood} × ${e.impact}), at or above ${ESCALATION_SCORE}` }];
      if (entryOverdue(e, asOf)) {
        const reason = e.validateBy !== null && e.validateBy < asOf ? `Not validated by ${dayWords(e.validateBy)}` : `Past its ${e.type === 'risk' || e.type === 'assumption' ? 'review' : 'due'} date${e.dueDate === null ? '' : ` of ${dayWords(e.dueDate)}`}`;
        return [{ id: e.id, type: e.type, title: titleOf(e), reason }];
      }
      return [];
    });

    const count = (t: string) => open.filter((e) => e.type === t).length;
    return {
      heatMap: heatMap(risks), topRisks, overdueByOwner, escalations,
      counts: {
        open: open.length, risks: count('risk'), assumptions: count('assumption'), issues: count('issue'), dependencies: count('dependency'),
        openActions: openActions.length, overdueActions: overdue.length,
      },
    };
  }

  /** The programme status that heads a report ending on `to`: that month's, else the latest before it. */
  function statusFor(to: string): ProgrammeStatus | null {
    const row: StatusRow | undefined = store.statusFor(to.slice(0, 7));
    if (!row) return null;
    const names = store.councilNames();
    return {
      id: row.id, period: row.period, status: row.status, commentary: row.commentary, decisionsNeeded: row.decisionsNeeded,
      councils: (row.councils as Array<{ councilId: number; status: ProgrammeStatus['status']; commentary: string }>)
        .map((c) => extend(c, { councilName: names.get(c.councilId) ?? `Council ${c.councilId}` })),
      recordedByName: row.recordedByName, locked: store.issuedReportIn(row.period) !== undefined, version: row.version,
      createdAt: row.createdAt, updatedAt: row.updatedAt,
    };
  }

  /**
   * The board report's section for (from, to]: the programme status heading it, and for every red or late item its
   * actions open at the end of the period and those done within it; the risk picture as of the end. As steps, as
   * the report is made (http/steps.ts).
   */
  function* reportSectionSteps(items: ItemReadiness[], from: string, to: string): Steps<RaidReportSection> {
    const status = statusFor(to);
    const doing = whatWeAreDoing(items, to, 'team', from);
    yield;
    const risks = picture({ asOf: to, reader: 'team' });
    return { status, whatWeAreDoing: doing, heatMap: risks.heatMap, topRisks: risks.topRisks, overdueByOwner: risks.overdueByOwner };
  }

  return { whatWeAreDoing, summary, statusFor, reportSectionSteps };
}

/** The report section as a share link sees it: the text of entries and actions not marked shareable left out. */
export function raidSectionForLinks(section: RaidReportSection): RaidReportSection {
  const hide = (c: ActionCard): ActionCard => (c.shareable ? c : extend(c, { title: HIDDEN_ACTION }));
  return extend(section, {
    whatWeAreDoing: section.whatWeAreDoing.map((i) => extend(i, { actions: i.actions.map(hide), doneInPeriod: i.doneInPeriod.map(hide) })),
    topRisks: section.topRisks.map((r) => (r.shareable ? r : extend(r, { title: `Risk: ${r.about}` }))),
    overdueByOwner: section.overdueByOwner.map((o) => extend(o, { actions: o.actions.map(hide) })),
  });
}

export type RaidReadModel = ReturnType<typeof createRaidReadModel>;

/** A board report as a share link sees it: its RAID section without internal text. */
export function reportForLinks<T extends { raid?: RaidReportSection }>(report: T): T {
  return report.raid ? extend(report, { raid: raidSectionForLinks(report.raid) }) as T : report;
}
