/**
 * Writes a national-scale database, deterministically (seeded), through the real schema and migrations:
 * councils, 8 features, 5 waves, 40 criteria, three years of weekly readings, audit rows, users, and for benefits
 * six transaction types with a baseline and three years of monthly volumes by channel per council.
 *
 *   npm run bench:data -- --councils 400            (about 3 million readings and 1 million audit rows)
 *   npm run bench:data -- --councils 10 --out /tmp/small.sqlite
 */
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addDays, formatISO, parseISO, subWeeks } from 'date-fns';
import { demoCriteria, seeded } from '../fixtures/demo-readiness.ts';
import { demoProgramme } from '../fixtures/demo-programme.ts';
import { hashPassword } from '../server/auth/secrets.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { auditRowHash } from '../server/db/audit-chain.ts';
import { demoTransactionTypes } from '../fixtures/demo-benefits.ts';
import { monthCount, monthsBetween, previousMonth } from '../server/domain/benefits.ts';
import { eligibleStaff } from '../server/domain/progress.ts';
import { appliesTo } from '../server/domain/readiness.ts';

export const BENCH_PASSWORD = 'bench-password-2026';
/** The last reading day of the generated history; fixed so every run is the same. */
export const DATASET_END = '2026-11-16';

export interface DatasetOptions {
  councils: number;
  weeks: number;
  auditRows: number;
  out: string;
  seed?: number;
}

export interface DatasetSummary {
  file: string;
  councils: number;
  items: number;
  criteria: number;
  readings: number;
  benefitVolumes: number;
  auditRows: number;
  users: number;
  seconds: number;
}

const iso = (d: Date) => formatISO(d, { representation: 'date' });
const PLACES = ['North', 'South', 'East', 'West', 'Upper', 'Lower', 'Great', 'Little', 'New', 'Old', 'Mid', 'High'];
const ROOTS = ['moor', 'bridge', 'vale', 'field', 'ford', 'wick', 'ham', 'ton', 'by', 'stead', 'mouth', 'dale', 'well', 'wood', 'cliffe', 'hurst'];
const KINDS = ['County Council', 'Borough Council', 'District Council', 'City Council'];
const WAVES = [
  { name: 'W0 Pilot', sequence: 0, plannedGoLive: '2024-03-04', status: 'closed' },
  { name: 'W1 Payslips and personal details', sequence: 1, plannedGoLive: '2024-09-02', status: 'closed' },
  { name: 'W2 Leave and sickness', sequence: 2, plannedGoLive: '2025-03-03', status: 'closed' },
  { name: 'W3 Expenses', sequence: 3, plannedGoLive: '2025-10-06', status: 'live' },
  { name: 'W4 Manager approvals', sequence: 4, plannedGoLive: '2027-01-11', status: 'planned' },
] as const;
const FEATURE_WAVE: Record<string, number> = { CONTRACT: 0, PAYSLIP: 1, DETAILS: 1, LEAVE: 2, SICKNESS: 2, EXPENSES: 3, 'LEAVE-OK': 4, 'EXP-OK': 4 };

export async function generateDataset(options: DatasetOptions): Promise<DatasetSummary> {
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.out}${suffix}`, { force: true });
  const db = openDatabase({ file: options.out });
  const sqlite = db.$client;
  // Bulk load: the same schema and triggers, without waiting for the disk on every commit, and better-sqlite3's
  // 16 MB page cache rather than the serving connection's 4 MB (PAGE_CACHE_KIB): one load, not a server's footprint.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -16000');
  const random = seeded(options.seed ?? 20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const now = `${DATASET_END}T12:00:00.000Z`;
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  let readings = 0;

  sqlite.transaction(() => {
    const insertFeature = sqlite.prepare('insert into features (code, name, description, audience, benefit, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const features = demoProgramme.features.map((f) => ({ ...f, id: Number(insertFeature.run(f.code, f.name, f.description, f.audience, f.benefit, now, now).lastInsertRowid) }));
    const insertWave = sqlite.prepare('insert into waves (name, sequence, planned_go_live, status, description, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const waves = WAVES.map((w) => ({ ...w, id: Number(insertWave.run(w.name, w.sequence, w.plannedGoLive, w.status, '', now, now).lastInsertRowid) }));
    const insertCriterion = sqlite.prepare(`insert into criteria (code, name, description, unit, direction, target, amber_threshold, weight, mandatory, scope, audience, phase, created_at, updated_at)
      values (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const extra = Array.from({ length: 40 - demoCriteria.length }, (_, i) => ({
      code: `LOCAL-${String(i + 1).padStart(2, '0')}`, name: `Local readiness measure ${i + 1}`, unit: 'percent', direction: 'higher',
      target: 80, amberThreshold: 65, weight: 1, mandatory: false, scope: 'council', audience: 'all', phase: 'readiness',
    }) as const);
    const criteria = [...demoCriteria, ...extra].map((c) => ({
      ...c, id: Number(insertCriterion.run(c.code, c.name, c.unit, c.direction, c.target, c.amberThreshold, c.weight, c.mandatory ? 1 : 0, c.scope, c.audience, c.phase, now, now).lastInsertRowid),
    }));
    const councilCriteria = criteria.filter((c) => c.scope === 'council');
    const featureCriteria = criteria.filter((c) => c.scope === 'feature');

    const insertCouncil = sqlite.prepare('insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
    const insertGroup = sqlite.prepare('insert into council_groups (council_id, name, headcount) values (?, ?, ?)');
    const insertItem = sqlite.prepare(`insert into rollout_items (council_id, feature_id, wave_id, group_id, planned_date_override, actual_go_live, status, note, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, '', ?, ?)`);
    const insertReading = sqlite.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by, entered_by_name, entered_at)
      values (?, ?, ?, ?, ?, 'Generated', null, 'Data generator', ?)`);
    const insertDecision = sqlite.prepare(`insert into gate_decisions (item_id, wave_id, proposed, decision, reason, evidence, as_of, decided_by, decided_by_name, decided_at)
      values (?, null, 'go', 'go', '', '[]', ?, null, 'Data generator', ?)`);
    const insertUser = sqlite.prepare('insert into users (email, display_name, role, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
    const linkUser = sqlite.prepare('insert into user_councils (user_id, council_id) values (?, ?)');
    const insertWin = sqlite.prepare(`insert into early_wins (council_id, feature_id, title, story, won_on, evidence_value, evidence_unit, evidence_note, author_name, published, published_at, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, 'transactions online', '', 'Data generator', ?, ?, ?, ?)`);
    // What used to be a blocker is an issue on its item in the RAID log (migration 0025).
    const insertIssue = sqlite.prepare(`insert into raid_entries (type, scope, council_id, item_id, title, owner_name, due_date, status, raised_on, created_at, updated_at)
      values ('issue', 'item', ?, ?, ?, 'Council lead', ?, 'open', ?, ?, ?)`);

    for (const role of ['office', 'sponsor'] as const) {
      for (let i = 1; i <= (role === 'office' ? 5 : 10); i += 1) insertUser.run(`${role}${i}@example.org`, `${role === 'office' ? 'Programme officer' : 'Sponsor'} ${i}`, role, passwordHash, now, now);
    }

    const weeks = Array.from({ length: options.weeks }, (_, i) => iso(subWeeks(parseISO(DATASET_END), options.weeks - 1 - i)));
    const used = new Set<string>();
    for (let c = 1; c <= options.councils; c += 1) {
      let name = `${pick(PLACES)}${pick(ROOTS)} ${pick(KINDS)}`;
      while (used.has(name)) name = `${pick(PLACES)}${pick(ROOTS)}${pick(ROOTS)} ${pick(KINDS)}`;
      used.add(name);
      const staff = 300 + Math.floor(random() * 11_700);
      const managers = Math.round(staff * (0.08 + random() * 0.05));
      const councilId = Number(insertCouncil.run(name, `C${String(c).padStart(3, '0')}`, staff, managers, now, now).lastInsertRowid);
      const pilot = Math.min(staff, 50 + Math.floor(random() * 400));
      const groupId = Number(insertGroup.run(councilId, 'HR, finance and ICT', pilot).lastInsertRowid);
      const userId = Number(insertUser.run(`lead${c}@example.org`, `Council lead ${c}`, 'lead', passwordHash, now, now).lastInsertRowid);
      linkUser.run(userId, councilId);

      // Some councils run a few weeks behind, a few a whole wave.
      const lag = random() < 0.1 ? 180 : Math.floor(random() * 5) * 7;
      const featureSeries: Array<{ featureId: number; audience: string; goLive: string; live: boolean; eligible: number }> = [];
      for (const feature of features) {
        const wave = waves[FEATURE_WAVE[feature.code]!]!;
        const planned = iso(addDays(parseISO(wave.plannedGoLive), lag));
        const live = planned <= DATASET_END;
        const itemId = Number(insertItem.run(councilId, feature.id, wave.id, feature.code === 'CONTRACT' ? groupId : null, lag ? planned : null, live ? planned : null, live ? 'live' : 'planned', now, now).lastInsertRowid);
        if (live) insertDecision.run(itemId, planned, now);
        if (random() < 0.3) insertIssue.run(councilId, itemId, 'Training rooms not yet booked', iso(addDays(parseISO(DATASET_END), 21)), DATASET_END, now, now);
        featureSeries.push({
          featureId: feature.id, audience: feature.audience, goLive: planned, live,
          eligible: eligibleStaff({ audience: feature.audience, staffHeadcount: staff, managerHeadcount: managers, groupHeadcount: feature.code === 'CONTRACT' ? pilot : null }),
        });
      }
      for (let w = 0; w < 2; w += 1) {
        const feature = pick(features);
        insertWin.run(councilId, feature.id, `Win ${w + 1} at ${name}`, 'Before: paper. After: online.', pick(weeks), Math.floor(random() * 2000), w === 0 ? 1 : 0, w === 0 ? now : null, now, now);
      }

      // Council-wide criteria: a reading every week, climbing towards target with noise.
      const climb = 0.6 + random() * 0.5;
      for (const criterion of councilCriteria) {
        const start = criterion.unit === 'score' ? 2.6 : criterion.unit === 'ratio' ? 0.5 : 55 + random() * 20;
        const end = criterion.unit === 'score' ? 4 : criterion.unit === 'ratio' ? 1.4 : Math.min(100, 85 + random() * 14);
        weeks.forEach((day, i) => {
          const t = Math.min(1, (i / weeks.length) * climb * 2);
          const value = start + (end - start) * t + (random() - 0.5) * (criterion.unit === 'percent' ? 3 : 0.1);
          insertReading.run(criterion.id, councilId, null, Math.round(Math.min(criterion.unit === 'score' ? 5 : 100, Math.max(criterion.unit === 'score' ? 1 : 0, value)) * 10) / 10, day, now);
          readings += 1;
        });
      }
      // Per-feature criteria: readiness in the twelve weeks before go-live, adoption every week after it.
      for (const series of featureSeries) {
        for (const criterion of featureCriteria.filter((c) => appliesTo(c, series.audience as never))) {
          for (const day of weeks) {
            const before = day < series.goLive;
            const weeksToGo = (parseISO(series.goLive).getTime() - parseISO(day).getTime()) / (7 * 86_400_000);
            if (criterion.phase === 'readiness' && !(before && weeksToGo <= 12)) continue;
            if (criterion.phase === 'adoption' && (before || !series.live)) continue;
            const progress = criterion.phase === 'readiness' ? 1 - weeksToGo / 12 : Math.min(1, -weeksToGo / 40);
            let value: number;
            if (criterion.unit === 'count') value = Math.round(3 * (1 - progress));
            else if (criterion.unit === 'people') value = Math.round(series.eligible * (0.15 + 0.6 * progress));
            else if (criterion.unit === 'score') value = Math.round((3.6 + 0.7 * progress) * 10) / 10;
            else if (criterion.direction === 'lower') value = Math.round((35 - 18 * progress) * 10) / 10;
            else value = Math.round(Math.min(100, 40 + 60 * progress) * 10) / 10;
            insertReading.run(criterion.id, councilId, series.featureId, value, day, now);
            readings += 1;
          }
        }
      }
    }

    const baselineId = Number(sqlite.prepare("insert into baselines (name, note, approved_by, approved_at) values ('National plan v1', '', 'Programme board', '2024-01-15T12:00:00.000Z')").run().lastInsertRowid);
    sqlite.prepare(`insert into baseline_items (baseline_id, item_id, council_id, feature_id, wave_id, planned_go_live, status)
      select ?, i.id, i.council_id, i.feature_id, i.wave_id, w.planned_go_live, 'planned' from rollout_items i join waves w on w.id = i.wave_id`).run(baselineId);

    generateBenefits(sqlite, weeks[0]!.slice(0, 7), now, options.seed ?? 20261123);

    // Hash-chained as recordAudit writes them (server/db/audit-chain.ts), so the trail verifies.
    const insertAudit = sqlite.prepare(`insert into audit_log (at, user_id, user_name, action, entity, entity_id, before, after, prev_hash, hash) values (?, null, 'Data generator', ?, ?, ?, ?, ?, ?, ?)`);
    let prevHash = (sqlite.prepare('select hash from audit_log order by id desc limit 1').get() as { hash: string | null } | undefined)?.hash ?? null;
    const start = parseISO(weeks[0]!).getTime();
    const span = parseISO(DATASET_END).getTime() - start;
    for (let i = 0; i < options.auditRows; i += 1) {
      const at = new Date(start + Math.floor((i / options.auditRows) * span)).toISOString();
      const row = { at, userId: null, userName: 'Data generator', action: i % 7 === 0 ? 'create' : 'update', entity: i % 3 === 0 ? 'council' : 'item', entityId: 1 + (i % Math.max(1, options.councils * 8)), before: '{"note":""}', after: `{"note":"Update ${i}"}` };
      const hash = auditRowHash(prevHash, row);
      insertAudit.run(row.at, row.action, row.entity, row.entityId, row.before, row.after, prevHash, hash);
      prevHash = hash;
    }
  })();

  sqlite.pragma('synchronous = FULL');
  sqlite.exec('analyze');
  const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const summary = {
    file: options.out, councils: count('councils'), items: count('rollout_items'), criteria: count('criteria'), readings, benefitVolumes: count('benefit_volumes'),
    auditRows: count('audit_log'), users: count('users'), seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  closeDatabase(db);
  return summary;
}

/**
 * Benefits at national scale: the demo's six transaction types, a 12-month baseline per council and type (the
 * demo's rates per 1,000 staff), and a month of volumes by channel for every council × type from `firstMonth` to
 * the month before the dataset ends (three years: about 86,000 entries for 400 councils), online take-up growing
 * after each feature's go-live. Its own seeded stream, so the rest of the dataset is what it was.
 */
export function generateBenefits(sqlite: ReturnType<typeof openDatabase>['$client'], firstMonth: string, now: string, seed: number): void {
  const random = seeded(seed + 20);
  const featureIds = new Map((sqlite.prepare('select id, code from features').all() as Array<{ id: number; code: string }>).map((f) => [f.code, f.id]));
  const insertType = sqlite.prepare('insert into transaction_types (feature_id, code, name, channels, created_at, updated_at) values (?, ?, ?, ?, ?, ?)');
  const types = demoTransactionTypes.map((t) => ({
    ...t, id: Number(insertType.run(featureIds.get(t.feature), t.code, t.name, JSON.stringify(t.channels), now, now).lastInsertRowid), featureId: featureIds.get(t.feature)!,
  }));
  const insertBaseline = sqlite.prepare(`insert into benefit_baselines (council_id, transaction_type_id, paper, email, phone, face_to_face, online, assisted, period_from, period_to, source, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 'Generated', ?, ?)`);
  const insertVolume = sqlite.prepare(`insert into benefit_volumes (council_id, transaction_type_id, month, paper, email, phone, face_to_face, online, assisted, note, entered_by_name, entered_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Generated', 'Data generator', ?)`);
  const baselineEnd = previousMonth(firstMonth);
  let baselineFrom = baselineEnd;
  for (let i = 0; i < 11; i += 1) baselineFrom = previousMonth(baselineFrom);
  const months = monthsBetween(firstMonth, previousMonth(DATASET_END.slice(0, 7)));
  const councilRows = sqlite.prepare('select id, staff_headcount as staff from councils order by id').all() as Array<{ id: number; staff: number }>;
  const goLives = new Map((sqlite.prepare('select council_id, feature_id, actual_go_live from rollout_items where actual_go_live is not null').all() as Array<{ council_id: number; feature_id: number; actual_go_live: string }>)
    .map((r) => [`${r.council_id}:${r.feature_id}`, r.actual_go_live.slice(0, 7)]));
  for (const council of councilRows) {
    const ceiling = 0.2 + random() * 0.6;
    for (const type of types) {
      const rate = type.per1000 as Partial<Record<'paper' | 'email' | 'phone' | 'face_to_face', number>>;
      const base = (c: keyof typeof rate) => Math.round(((rate[c] ?? 0) * council.staff) / 1000);
      const baseline = { paper: base('paper'), email: base('email'), phone: base('phone'), face_to_face: base('face_to_face') };
      insertBaseline.run(council.id, type.id, baseline.paper, baseline.email, baseline.phone, baseline.face_to_face, `${baselineFrom}-01`, `${baselineEnd}-28`, now, now);
      const live = goLives.get(`${council.id}:${type.featureId}`);
      for (const month of months) {
        const reach = live && live <= month ? 1 - 0.5 ** monthCount(live, month) : 0;
        const online = ceiling * reach;
        const assisted = type.channels.includes('assisted' as never) ? 0.05 * reach : 0;
        const keep = (1 - online - assisted) * (0.95 + random() * 0.1);
        insertVolume.run(council.id, type.id, month, Math.round(baseline.paper * keep), Math.round(baseline.email * keep), Math.round(baseline.phone * keep),
          Math.round(baseline.face_to_face * keep), Math.round((baseline.paper + baseline.email + baseline.phone + baseline.face_to_face) * online),
          type.channels.includes('assisted' as never) ? Math.round((baseline.paper + baseline.email + baseline.phone + baseline.face_to_face) * assisted) : null, `${month}-28T12:00:00.000Z`);
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { councils: { type: 'string', default: '400' }, weeks: { type: 'string', default: '156' }, audit: { type: 'string' }, out: { type: 'string' } } });
  const councils = Number(values.councils);
  const out = values.out ?? `bench/data/national-${councils}.sqlite`;
  if (!existsSync('bench/data')) (await import('node:fs')).mkdirSync('bench/data', { recursive: true });
  const summary = await generateDataset({ councils, weeks: Number(values.weeks), auditRows: values.audit ? Number(values.audit) : councils * 2500, out });
  console.log(JSON.stringify(summary, null, 2));
}
