import { number } from '../../format.ts';

export interface CouncilPage {
  total: number;
  limit: number;
  offset: number;
}

/**
 * "Councils 21 to 40 of 405" with buttons to the previous and next page of councils, for a read the API pages by
 * council in order of name (`councilPage`): the overview's grid, the benefits breakdown. Nothing when every council
 * fits on the first page.
 */
export function CouncilPager({ page, onPage, label }: { page: CouncilPage; onPage: (offset: number) => void; label: string }) {
  if (page.total <= page.limit && page.offset === 0) return null;
  return (
    <nav aria-label={label} class="button-group">
      <span>Councils {number(page.offset + 1)} to {number(Math.min(page.total, page.offset + page.limit))} of {number(page.total)}</span>
      {page.offset > 0 && <button type="button" class="button button--secondary" onClick={() => onPage(Math.max(0, page.offset - page.limit))}>Previous councils</button>}
      {page.offset + page.limit < page.total && <button type="button" class="button button--secondary" onClick={() => onPage(page.offset + page.limit)}>Next councils</button>}
    </nav>
  );
}
