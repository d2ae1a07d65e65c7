import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createQueryClient, wireClient } from './app/query-client';
// In this order: later sheets refine the earlier ones.
import './styles/base.css';
import './styles/page.css';
import './styles/controls.css';
import './styles/views.css';

const queryClient = createQueryClient();
wireClient(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
