import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { methodIds } from './core/methods/catalog';
import { App } from './ui/App';
import { app } from './ui/state/app';
import { parseExperiment } from './ui/state/urlParams';
import { installStatusApi } from './ui/statusApi';
import './ui/styles.css';

installStatusApi();
const experiment = parseExperiment(window.location.search, methodIds);
void app.boot(experiment);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App experiment={experiment} />
  </StrictMode>,
);
