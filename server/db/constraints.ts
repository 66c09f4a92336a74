import type { ErrorDetail } from '../errors.ts';

/**
 * Uniqueness lives in the database (case-insensitive unique indexes); this maps each index to
 * the sentence a user sees when a write trips it.
 */
const UNIQUE_INDEXES: Record<string, ErrorDetail> = {
  councils_name_unique: { field: 'name', message: 'is already used by another council' },
  councils_code_unique: { field: 'code', message: 'is already used by another council' },
  council_groups_council_name_unique: { field: 'groups', message: 'has two groups with the same name' },
  features_name_unique: { field: 'name', message: 'is already used by another feature' },
  features_code_unique: { field: 'code', message: 'is already used by another feature' },
  waves_name_unique: { field: 'name', message: 'is already used by another wave' },
  waves_sequence_unique: { field: 'sequence', message: 'is already used by another wave' },
  rollout_items_council_feature_unique: { field: 'featureId', message: 'already has a rollout item for this council' },
  baselines_name_unique: { field: 'name', message: 'is already used by another baseline' },
  criteria_code_unique: { field: 'code', message: 'is already used by another criterion' },
  criteria_name_unique: { field: 'name', message: 'is already used by another criterion' },
  criterion_overrides_unique: { field: 'overrides', message: 'has the same council and wave twice' },
  users_email_unique: { field: 'email', message: 'is already used by another account' },
  comms_template_activities_title_unique: { field: 'title', message: 'is already used by another template activity' },
};

/** Unique indexes on plain columns are reported by column, not by index name. */
const UNIQUE_COLUMNS: Record<string, string> = {
  'waves.sequence': 'waves_sequence_unique',
  'rollout_items.council_id, rollout_items.feature_id': 'rollout_items_council_feature_unique',
};

/** The detail for a UNIQUE violation, or undefined when the message names no index we know. */
export function describeUniqueViolation(message: string): ErrorDetail | undefined {
  const byIndex = /UNIQUE constraint failed: index '([^']+)'/.exec(message);
  if (byIndex) return UNIQUE_INDEXES[byIndex[1] ?? ''];
  const byColumns = /UNIQUE constraint failed: (.+)$/.exec(message);
  const index = byColumns ? UNIQUE_COLUMNS[byColumns[1]?.trim() ?? ''] : undefined;
  return index ? UNIQUE_INDEXES[index] : undefined;
}
