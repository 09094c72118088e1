import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { methodIds } from './core/methods/catalog';
import { App } from './ui/App';
import { app } from './ui/state/app';
import { reportError } from './ui/state/store';
import { parseExperiment } from './ui/state/urlParams';
import { installStatusApi } from './ui/statusApi';
import './ui/styles.css';

installStatusApi();
const { experiment, problems } = parseExperiment(window.location.search, methodIds);
problems.forEach(reportError); // nothing in the link is ignored or changed without a word
void app.boot(experiment);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App experiment={experiment} />
  </StrictMode>,
);
