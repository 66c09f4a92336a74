import type { Role } from '../db/schema.ts';

/** Who is making a change: a signed-in user, a token acting for one, or the system itself. */
export interface Actor {
  id: number | null;
  name: string;
  role: Role;
  /** Councils a lead answers for; empty for other roles. */
  councilIds: number[];
}

/** For changes made by the server itself (the demo loader, the first-account command). */
export const systemActor = (name: string): Actor => ({ id: null, name, role: 'office', councilIds: [] });

export const isOffice = (actor: Actor): boolean => actor.role === 'office';

/**
 * Whether an actor sees work in progress (draft wins, the staff question log) as well as what has been
 * published. Sponsors read published content only.
 */
export const seesUnpublished = (actor: Actor): boolean => actor.role !== 'sponsor';

/**
 * Who a read model is made for: the team (office and leads: work in progress included) or readers of published
 * material only (sponsors, and share links, which have no actor). Part of every cache key of such a read model.
 * What each audience sees: docs/security.md, "What sponsors and share links see".
 */
export type Audience = 'team' | 'published';
export const audienceOf = (actor: Actor | null | undefined): Audience => (actor && seesUnpublished(actor) ? 'team' : 'published');

/** Whether this actor may change data belonging to a council. */
export function answersFor(actor: Actor, councilId: number): boolean {
  return actor.role === 'office' || (actor.role === 'lead' && actor.councilIds.includes(councilId));
}
