import type { Figures, Series } from '../../domain/benefits.ts';
import { extend } from '../../domain/objects.ts';
import type { BenefitsSummary } from './schemas.ts';

/** Rows of each list of gaps a summary carries; `totals` counts them all. */
export const GAPS_LISTED = 100;

type Named = BenefitsSummary['problems']['noBaseline'][number];

/**
 * The gaps in a summary's figures (docs/benefits.md, "Gaps"): the first GAPS_LISTED rows of each list and how many
 * there are. At 400 councils the months due and not sent were 2,400 rows, 351 KB of a 441 KB summary, of which the
 * page shows twelve; every council's count of them is in its row of the summary, and every month in the
 * benefits-by-month export.
 */
export function gapsOf(noBaseline: Named[], fig: Pick<Figures, 'missingMonths' | 'seriesWithoutCosts'>, named: (s: Series) => Named): BenefitsSummary['problems'] {
  return {
    noBaseline: noBaseline.slice(0, GAPS_LISTED),
    missingMonths: fig.missingMonths.slice(0, GAPS_LISTED).map((m) => extend(named(m.series), { month: m.month })),
    missingCosts: fig.seriesWithoutCosts.slice(0, GAPS_LISTED).map((m) => extend(named(m.series), { channels: m.channels })),
    totals: { noBaseline: noBaseline.length, missingMonths: fig.missingMonths.length, missingCosts: fig.seriesWithoutCosts.length },
  };
}
