import { differenceInCalendarDays, format, parseISO } from 'date-fns';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { insertNotification, people, preferencesOf, type KindName, type Person } from '../notifications/read-model.ts';
import { ESCALATION_SCORE } from './rules.ts';

/** Unless config says otherwise (RAID_ESCALATE_AFTER_DAYS): days past its date before an action or entry goes to the office. */
export const DEFAULT_ESCALATE_AFTER_DAYS = 5;

/** A day in words, as on the dashboard: "3 November 2026". */
export const longDay = (iso: string): string => format(parseISO(iso), 'd MMMM yyyy');

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Something open past its date: an action, or a RAID entry past its due, review or validate-by date. */
interface LateThing {
  what: 'action' | 'entry';
  id: number;
  /** "Action", "Risk", "Issue"... */
  label: string;
  title: string;
  /** The date it is late against (the earliest of its dates that has passed). */
  lateSince: string;
  /** "due" or "review" or "validate-by": which date passed. */
  dateWord: string;
  ownerUserId: number | null;
  ownerName: string;
  councilId: number | null;
  about: string;
  link: string;
}

export interface EscalationReport {
  chased: number;
  escalated: number;
  highRisks: number;
}

/** Entries: a risk's and an assumption's date is a review date, an issue's and a dependency's a due date. */
const dateWordOf = (type: string) => (type === 'risk' || type === 'assumption' ? 'review' : 'due');
const TYPE_LABEL: Record<string, string> = { risk: 'Risk', assumption: 'Assumption', issue: 'Issue', dependency: 'Dependency' };

/**
 * The RAID log's chasing (docs/raid.md, "Escalation"), run once a day by the notifications scheduler:
 * - an open action past its due date, or an open RAID entry past its due, review or validate-by date, chases its
 *   owner (or, for a named external contact, whoever manages it: the council's lead, else the programme office),
 *   once for that date;
 * - still open `escalateAfterDays` calendar days after that date, it goes to the programme office, once;
 * - an open risk scoring ESCALATION_SCORE or more goes to its owner and the office, once per score.
 * Moving the date (or the score) starts again. Everything is written through the notification outbox, so the
 * sender e-mails it to those who take that kind by e-mail, exactly once (docs/adr/0011).
 */
// eslint-disable-next-line max-lines-per-function -- the daily chase: the late-things queries and one run() that sends each kind once, sharing the day's people
export function createRaidEscalation(db: Db, escalateAfterDays: number) {
  const lateActions = (day: string): LateThing[] => (db.all<{
    id: number; title: string; dueDate: string; ownerUserId: number | null; ownerName: string; councilId: number | null;
    itemId: number | null; entryTitle: string | null; itemAbout: string | null;
  }>(sql`select a.id, a.title, a.due_date as dueDate, a.owner_user_id as ownerUserId, a.owner_name as ownerName, a.council_id as councilId,
      a.item_id as itemId, e.title as entryTitle, c.name || ': ' || f.name as itemAbout
    from raid_actions a
    left join raid_entries e on e.id = a.raid_entry_id
    left join rollout_items i on i.id = coalesce(a.item_id, e.item_id)
    left join councils c on c.id = i.council_id
    left join features f on f.id = i.feature_id
    where a.status = 'open' and a.due_date < ${day}
    order by a.due_date, a.id`)).map((a) => ({
    what: 'action', id: a.id, label: 'Action', title: a.title, lateSince: a.dueDate, dateWord: 'due', ownerUserId: a.ownerUserId,
    ownerName: a.ownerName, councilId: a.councilId,
    about: a.itemAbout ?? (a.entryTitle !== null ? `the RAID entry “${a.entryTitle}”` : 'the programme'),
    link: a.itemId !== null ? `/items/${a.itemId}` : '/raid',
  }));

  const lateEntries = (day: string): LateThing[] => (db.all<{
    id: number; type: string; title: string; dueDate: string; validateBy: string | null; ownerUserId: number | null; ownerName: string;
    councilId: number | null; itemId: number | null; about: string | null;
  }>(sql`select e.id, e.type, e.title, e.due_date as dueDate, e.validate_by as validateBy, e.owner_user_id as ownerUserId,
      e.owner_name as ownerName, e.council_id as councilId, e.item_id as itemId,
      case e.scope when 'programme' then 'the programme' when 'council' then c.name when 'wave' then w.name when 'feature' then f.name
        else c.name || ': ' || fi.name end as about
    from raid_entries e
    left join councils c on c.id = e.council_id
    left join waves w on w.id = e.wave_id
    left join features f on f.id = e.feature_id
    left join rollout_items i on i.id = e.item_id
    left join features fi on fi.id = i.feature_id
    where e.status = 'open' and (e.due_date < ${day} or (e.validate_by is not null and e.validate_by < ${day}))
    order by e.due_date, e.id`)).map((e) => {
    const validateFirst = e.validateBy !== null && e.validateBy < day && e.validateBy <= e.dueDate;
    return {
      what: 'entry', id: e.id, label: TYPE_LABEL[e.type] ?? 'RAID entry', title: e.title,
      lateSince: validateFirst ? e.validateBy! : e.dueDate, dateWord: validateFirst ? 'validate-by' : dateWordOf(e.type),
      ownerUserId: e.ownerUserId, ownerName: e.ownerName, councilId: e.councilId, about: e.about ?? 'the programme',
      link: e.itemId !== null ? `/items/${e.itemId}` : '/raid',
    };
  });

  const highRisks = () => db.all<{
    id: number; title: string; score: number; ownerUserId: number | null; ownerName: string; councilId: number | null; itemId: number | null;
  }>(sql`select id, title, likelihood * impact as score, owner_user_id as ownerUserId, owner_name as ownerName, council_id as councilId, item_id as itemId
    from raid_entries where type = 'risk' and status = 'open' and likelihood * impact >= ${ESCALATION_SCORE} order by id`);

  return {
    escalateAfterDays,

    /** One day's chasing, in the scheduler's transaction; a rerun the same day writes nothing new. */
    run(now: Date, day: string): EscalationReport {
      const stamp = now.toISOString();
      const report: EscalationReport = { chased: 0, escalated: 0, highRisks: 0 };
      const office = people(db, { roles: ['office'] });
      const send = (person: Person, kind: KindName, dedupeKey: string, title: string, body: string, link: string): boolean => {
        const switches = preferencesOf(db, person.id)[kind];
        return insertNotification(db, stamp, {
          userId: person.id, kind, dedupeKey, title, body, link, shown: switches.inApp, emailTo: switches.email ? person.email : null,
        }) !== null;
      };
      /** The owner if they have an account that can be told; else whoever manages it (the council's leads, else the office). */
      const ownersOf = (thing: { ownerUserId: number | null; councilId: number | null }): Person[] => {
        const own = thing.ownerUserId !== null ? people(db, { roles: ['office', 'lead'], ids: [thing.ownerUserId] }) : [];
        if (own.length > 0) return own;
        const leads = thing.councilId !== null ? people(db, { roles: ['lead'], councilIds: [thing.councilId] }) : [];
        return leads.length > 0 ? leads : office;
      };
      const ownerWords = (thing: { ownerUserId: number | null; ownerName: string }) => {
        if (thing.ownerUserId === null) return `${thing.ownerName} (an external contact)`;
        return people(db, { roles: ['office', 'lead', 'sponsor'], ids: [thing.ownerUserId] })[0]?.name ?? `user ${thing.ownerUserId}`;
      };

      for (const thing of [...lateActions(day), ...lateEntries(day)]) {
        const days = differenceInCalendarDays(parseISO(day), parseISO(thing.lateSince));
        const since = `${thing.dateWord === 'due' ? 'It was due on' : `Its ${thing.dateWord} date was`} ${longDay(thing.lateSince)}, ${plural(days, 'day')} ago.`;
        const key = `${thing.what}:${thing.id}:${thing.lateSince}`;
        const chaseTitle = `${thing.label} past its ${thing.dateWord} date: ${thing.title}`;
        const chaseBody = `${since} It is about ${thing.about}. Close it, or give it a new date, so the board sees where it stands.`;
        for (const person of ownersOf(thing)) if (send(person, 'raid_overdue', `raid-chase:${key}`, chaseTitle, chaseBody, thing.link)) report.chased += 1;
        if (days >= escalateAfterDays) {
          const title = `Escalated: ${thing.label.toLowerCase()} ${plural(days, 'day')} past its ${thing.dateWord} date: ${thing.title}`;
          const body = `${since} Owner: ${ownerWords(thing)}. It is about ${thing.about}. `
            + `It comes to the programme office because it is still open ${plural(escalateAfterDays, 'day')} after that date.`;
          for (const person of office) if (send(person, 'raid_escalated', `raid-escalate:${key}`, title, body, thing.link)) report.escalated += 1;
        }
      }

      for (const risk of highRisks()) {
        const title = `Risk scoring ${risk.score} of 25: ${risk.title}`;
        const body = `This open risk scores ${risk.score} (likelihood × impact); from ${ESCALATION_SCORE} a risk is escalated. Owner: ${ownerWords(risk)}.`;
        const link = risk.itemId !== null ? `/items/${risk.itemId}` : '/raid';
        const told = new Set<number>();
        for (const person of ownersOf(risk)) {
          told.add(person.id);
          if (send(person, 'raid_overdue', `raid-risk:${risk.id}:${risk.score}`, title, body, link)) report.highRisks += 1;
        }
        for (const person of office) {
          if (told.has(person.id)) continue;
          if (send(person, 'raid_escalated', `raid-risk:${risk.id}:${risk.score}`, title, body, link)) report.highRisks += 1;
        }
      }
      return report;
    },
  };
}
