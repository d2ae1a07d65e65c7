import { Link } from 'react-router';
import { useDocumentTitle } from '../app/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Go to <Link to="/meetings">your meetings</Link>.
      </p>
    </>
  );
}
