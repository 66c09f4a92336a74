/** The timeline module's shapes the dashboard's forms use: dependencies from its schemas, capacities and support needs from the generated API document (type-only). */
import type { Static } from 'typebox';
import type { CreateDependency as CreateDependencySchema, Dependency as DependencySchema } from '../../server/modules/timeline/schemas.ts';
import type { Reply } from './openapi-types.ts';

export type CouncilCapacity = Reply<'getCapacity'>;
export type SupportNeed = Reply<'listSupportNeeds'>['data'][number];
export type Dependency = Static<typeof DependencySchema>;
export type NewDependency = Static<typeof CreateDependencySchema>;
