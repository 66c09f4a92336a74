/** The baselines comparison's shape, from the server's own TypeBox schema (type-only). */
import type { Static } from 'typebox';
import type { BaselineComparison as BaselineComparisonSchema } from '../../server/modules/baselines/schemas.ts';

export type BaselineComparison = Static<typeof BaselineComparisonSchema>;
