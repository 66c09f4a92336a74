// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CouncilPager } from './CouncilPager.tsx';

afterEach(cleanup);

describe('pages of councils (the overview grid, the benefits breakdown)', () => {
  it('says which councils the page holds and moves a page back or on', () => {
    const onPage = vi.fn();
    render(<CouncilPager page={{ total: 405, limit: 20, offset: 20 }} onPage={onPage} label="Councils in the table" />);
    expect(screen.getByRole('navigation', { name: 'Councils in the table' }).textContent).toContain('Councils 21 to 40 of 405');
    fireEvent.click(screen.getByRole('button', { name: 'Next councils' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous councils' }));
    expect(onPage.mock.calls).toEqual([[40], [0]]);
  });

  it('offers no next page on the last, and nothing at all when every council fits', () => {
    render(<CouncilPager page={{ total: 405, limit: 20, offset: 400 }} onPage={() => undefined} label="Councils in the table" />);
    expect(screen.getByRole('navigation').textContent).toContain('Councils 401 to 405 of 405');
    expect(screen.queryByRole('button', { name: 'Next councils' })).toBeNull();
    cleanup();
    const { container } = render(<CouncilPager page={{ total: 4, limit: 20, offset: 0 }} onPage={() => undefined} label="Councils in the table" />);
    expect(container.textContent).toBe('');
  });
});
