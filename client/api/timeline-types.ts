/** The timeline module's shapes the dashboard's forms use, from the server's own TypeBox schemas (type-only). */
import type { Static } from 'typebox';
import type { CouncilCapacity as CouncilCapacitySchema, SupportNeed as SupportNeedSchema } from '../../server/modules/timeline/capacity.ts';
import type { CreateDependency as CreateDependencySchema, Dependency as DependencySchema } from '../../server/modules/timeline/schemas.ts';

export type CouncilCapacity = Static<typeof CouncilCapacitySchema>;
export type SupportNeed = Static<typeof SupportNeedSchema>;
export type Dependency = Static<typeof DependencySchema>;
export type NewDependency = Static<typeof CreateDependencySchema>;
