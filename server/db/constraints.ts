import type { ErrorDetail } from '../http/errors.ts';

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
};

/** The detail for a UNIQUE violation, or undefined when the message names no index we know. */
export function describeUniqueViolation(message: string): ErrorDetail | undefined {
  const match = /UNIQUE constraint failed: index '([^']+)'/.exec(message);
  return match ? UNIQUE_INDEXES[match[1] ?? ''] : undefined;
}
