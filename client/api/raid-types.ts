/** The RAID module's shapes the dashboard's forms use, from the server's own TypeBox schemas (type-only). */
import type { Static } from 'typebox';
import type { PossibleOwner as PossibleOwnerSchema } from '../../server/modules/raid/schemas.ts';

export type PossibleOwner = Static<typeof PossibleOwnerSchema>;
import type { RaidImportResult as RaidImportResultSchema } from '../../server/modules/imports/schemas.ts';

export type RaidImportResult = Static<typeof RaidImportResultSchema>;
