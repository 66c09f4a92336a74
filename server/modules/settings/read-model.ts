import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { settings, type Region } from '../../db/schema.ts';
import type { RagSettings } from '../../domain/readiness.ts';

/** The engagement rules' numbers: the answer target and the silence window. */
export interface EngagementSettings {
  answerTargetWorkingDays: number;
  silenceAfterDays: number;
}

export type ProgrammeSettings = RagSettings & EngagementSettings & {
  surveyMinResponses: number;
  dependencyRule: 'warn' | 'refuse';
  officeRegion: Region;
  version: number;
  updatedAt: string;
};

/** The programme's settings (RAG thresholds, engagement rules, limits): the one row of the settings table. */
export function readSettings(db: Db): ProgrammeSettings {
  const row = db.select().from(settings).where(eq(settings.id, 1)).get();
  if (!row) throw new Error('The settings row is missing: migrations did not run');
  return {
    scoreRedBelow: row.scoreRedBelow, staleAfterDays: row.staleAfterDays,
    answerTargetWorkingDays: row.answerTargetWorkingDays, silenceAfterDays: row.silenceAfterDays, surveyMinResponses: row.surveyMinResponses,
    dependencyRule: row.dependencyRule, officeRegion: row.officeRegion, version: row.version, updatedAt: row.updatedAt,
  };
}
