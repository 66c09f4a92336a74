import { usePageTitle } from '../components/Layout/Layout.tsx';

export function NotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>If you typed the address, check it is correct. <a href="/">Go to the programme overview</a>.</p>
    </>
  );
}
