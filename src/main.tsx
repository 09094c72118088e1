import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { methodIds } from './core/methods/catalog';
import { App } from './ui/App';
import { app } from './ui/state/app';
import { reportError } from './ui/state/store';
import { loadTextSample } from './ui/state/textDatasets';
import { parseExperiment } from './ui/state/urlParams';
import { installStatusApi } from './ui/statusApi';
import './ui/styles.css';

installStatusApi();
const { experiment, problems } = parseExperiment(window.location.search, methodIds);
problems.forEach(reportError); // nothing in the link is ignored or changed without a word
void app.boot(experiment).then(() => (experiment.dataset === 'text' ? loadTextSample() : undefined));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App experiment={experiment} />
  </StrictMode>,
);
