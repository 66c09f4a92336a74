/**
 * The API's shapes, taken from the server's own TypeBox schemas (type-only: nothing of the server
 * is bundled). If the server changes a response, the dashboard stops compiling where it matters.
 */
import type { Static } from 'typebox';
import type { Reply } from './openapi-types.ts';
import type { AuditRow, AuditVerification as AuditVerificationSchema } from '../../server/modules/audit/schemas.ts';
import type { Baseline } from '../../server/modules/baselines/schemas.ts';
import type { BenefitsSummary as BenefitsSummarySchema } from '../../server/modules/benefits/schemas.ts';
import type { Council as CouncilSchema } from '../../server/modules/councils/schemas.ts';
import type { Criterion as CriterionSchema } from '../../server/modules/criteria/schemas.ts';
import type {
  Activity as ActivitySchema, AppliedTemplate as AppliedTemplateSchema, CouncilEngagement as CouncilEngagementSchema,
  EngagementSummary as EngagementSummarySchema, Faq as FaqSchema, Question as QuestionSchema, TemplateActivity as TemplateActivitySchema,
} from '../../server/modules/engagement/schemas.ts';
import type { ExportEntry as ExportEntrySchema } from '../../server/modules/exports/schemas.ts';
import type { Feature as FeatureSchema } from '../../server/modules/features/schemas.ts';
import type { GateDecision as GateDecisionSchema, ItemGate as ItemGateSchema } from '../../server/modules/gates/schemas.ts';
import type { PlanImportResult as PlanImportResultSchema } from '../../server/modules/imports/schemas.ts';
import type { RolloutItem as RolloutItemSchema } from '../../server/modules/items/schemas.ts';
import type {
  CouncilSummary as CouncilSummarySchema, ItemCard as ItemCardSchema, ItemReadinessView, Overview as OverviewSchema,
  Trend as TrendSchema, WaveSummary as WaveSummarySchema,
} from '../../server/modules/dashboard/schemas.ts';
import type { Reading as ReadingSchema, ReadingInput as ReadingInputSchema } from '../../server/modules/readings/schemas.ts';
import type {
  ItemActions as RaidItemActionsSchema, ProgrammeStatus as ProgrammeStatusSchema, RaidAction as RaidActionSchema, RaidEntry as RaidEntrySchema, RaidSummary as RaidSummarySchema,
} from '../../server/modules/raid/schemas.ts';
import type { BoardReport as BoardReportSchema, IssuedReport as IssuedReportSchema, IssuedReportSummary as IssuedReportSummarySchema } from '../../server/modules/reports/schemas.ts';
import type { Settings as SettingsSchema } from '../../server/modules/settings/schemas.ts';
import type { NewShareLink as NewShareLinkSchema, ShareLink as ShareLinkSchema } from '../../server/modules/shares/schemas.ts';
import type { User as UserSchema } from '../../server/modules/users/schemas.ts';
import type { Wave as WaveSchema } from '../../server/modules/waves/schemas.ts';
import type {
  DigestPreview as DigestPreviewSchema, Notification as NotificationSchema, OutboxDetail as OutboxDetailSchema, OutboxEntry as OutboxEntrySchema,
  OutboxSummary as OutboxSummarySchema, Preferences as PreferencesSchema,
} from '../../server/modules/notifications/schemas.ts';
import type { Win as WinSchema } from '../../server/modules/wins/schemas.ts';

export type Overview = Static<typeof OverviewSchema>;
export type BenefitsSummary = Static<typeof BenefitsSummarySchema>;
export type ItemCard = Static<typeof ItemCardSchema>;
export type ItemReadiness = Static<typeof ItemReadinessView>;
export type CouncilSummary = Static<typeof CouncilSummarySchema>;
export type WaveSummary = Static<typeof WaveSummarySchema>;
export type Trend = Static<typeof TrendSchema>;
export type Council = Static<typeof CouncilSchema>;
export type Feature = Static<typeof FeatureSchema>;
export type Wave = Static<typeof WaveSchema>;
export type RolloutItem = Static<typeof RolloutItemSchema>;
export type Criterion = Static<typeof CriterionSchema>;
export type Reading = Static<typeof ReadingSchema>;
export type ReadingInput = Static<typeof ReadingInputSchema>;
export type BaselineSummary = Static<typeof Baseline>;
export type User = Static<typeof UserSchema>;
export type Win = Static<typeof WinSchema>;
export type GateDecision = Static<typeof GateDecisionSchema>;
export type ItemGate = Static<typeof ItemGateSchema>;
export type AuditEntry = Static<typeof AuditRow>;
export type AuditVerification = Static<typeof AuditVerificationSchema>;
export type BoardReport = Static<typeof BoardReportSchema>;
export type RaidSummary = Static<typeof RaidSummarySchema>;
export type RaidItemActions = Static<typeof RaidItemActionsSchema>;
export type RaidEntry = Static<typeof RaidEntrySchema>;
export type RaidAction = Static<typeof RaidActionSchema>;
export type ProgrammeStatus = Static<typeof ProgrammeStatusSchema>;
export type IssuedReport = Static<typeof IssuedReportSchema>;
export type IssuedReportSummary = Static<typeof IssuedReportSummarySchema>;
export type Activity = Static<typeof ActivitySchema>;
export type TemplateActivity = Static<typeof TemplateActivitySchema>;
export type AppliedTemplate = Static<typeof AppliedTemplateSchema>;
export type Question = Static<typeof QuestionSchema>;
export type Faq = Static<typeof FaqSchema>;
export type CouncilEngagement = Static<typeof CouncilEngagementSchema>;
export type EngagementSummary = Static<typeof EngagementSummarySchema>;
export type Rag = 'red' | 'amber' | 'green';

export type ShareLink = Static<typeof ShareLinkSchema>;
export type Settings = Static<typeof SettingsSchema>;
export type NewShareLink = Static<typeof NewShareLinkSchema>;
export type ExportEntry = Static<typeof ExportEntrySchema>;
export type PlanImportResult = Static<typeof PlanImportResultSchema>;
export type Role = 'office' | 'lead' | 'sponsor';

export interface SessionUser {
  id: number | null;
  name: string;
  role: Role;
  councilIds: number[];
}

export interface Page<T> {
  data: T[];
  page: { total: number; limit: number; offset: number };
}

export interface ErrorDetail {
  field: string;
  message: string;
}
export type Notification = Static<typeof NotificationSchema>;
export type NotificationPreferences = Static<typeof PreferencesSchema>;
export type OutboxEntry = Static<typeof OutboxEntrySchema>;
export type OutboxDetail = Static<typeof OutboxDetailSchema>;
export type OutboxSummary = Static<typeof OutboxSummarySchema>;
export type DigestPreview = Static<typeof DigestPreviewSchema>;

import type { Impact as ImpactSchema } from '../../server/modules/timeline/schemas.ts';
/** The timeline's read model, from the generated API document (its schema is not in the module's schemas.ts). */
export type TimelineData = Reply<'getTimeline'>;
export type Impact = Static<typeof ImpactSchema>;
