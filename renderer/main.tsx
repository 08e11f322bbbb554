/** Entry point: take the token from the URL, pick the transport, start ingest and routing, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config as zodConfig } from 'zod';
import { consumeTokenFromHash } from './api/auth-token.js';
import { ClientProvider } from './api/client-context.js';
import { pickClient } from './api/pick-client.js';
import { App } from './app.js';
import { startIngest } from './stores/ingest.js';
import { startHashRouting } from './stores/routing.js';
import { isWallMode } from './lib/wall-mode.js';
import './styles/warroom.css';
import './styles/actions.css';
import './styles/load.css';
import './styles/drills.css';
import './styles/meeting.css';
import './styles/board.css';
import './styles/security.css';
import './styles/alerts.css';
import './styles/wall.css';
import './styles/plan.css';
import './styles/monitoring.css';
import './styles/reports.css';

// The contract pulls in zod; its JIT would probe eval, which the CSP forbids (and reports).
zodConfig({ jitless: true });
// Before routing reads the hash, so #token=… never counts as a view.
consumeTokenFromHash();
const wall = isWallMode(window.location.search);
if (wall) document.documentElement.classList.add('wall-mode');
const client = pickClient();
startIngest(client);
startHashRouting();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ClientProvider client={client}>
      <App wall={wall} />
    </ClientProvider>
  </StrictMode>,
);
