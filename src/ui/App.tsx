import { lazy, Suspense } from 'react';
import { DatasetPanel } from './components/DatasetPanel';
import { ErrorBanner } from './components/ErrorBanner';
import { GuidedStart } from './components/guide/GuidedStart';
import { Header } from './components/Header';
import { MethodPanel } from './components/MethodPanel';
import { Preparing } from './components/Preparing';
import { RunsPanel } from './components/runs/RunsPanel';
import { TrainingView } from './components/TrainingView';
import { useDropFolder } from './hooks/useDropFolder';
import { useTextStore } from './state/textDatasets';
import type { Experiment } from './state/urlParams';

// Below the fold, and the bulk of the page's code: loaded after the first paint, so the main chunk stays small.
const CompareView = lazy(() => import('./components/compare/CompareView').then((m) => ({ default: m.CompareView })));
const TextLab = lazy(() => import('./components/text/TextLab'));
const ClassifyPanel = lazy(() => import('./components/classify/ClassifyPanel').then((m) => ({ default: m.ClassifyPanel })));

export function App({ experiment }: { experiment: Experiment }) {
  const dragging = useDropFolder();
  const text = useTextStore((s) => s.text !== null);
  return (
    <div className={`app${dragging ? ' app--dragging' : ''}`}>
      <Header />
      <ErrorBanner />
      <Preparing />
      <GuidedStart />
      <main className="layout">
        <DatasetPanel />
        {text && (
          <Suspense fallback={null}>
            <TextLab />
          </Suspense>
        )}
        <MethodPanel experiment={experiment} />
        <TrainingView />
        <RunsPanel />
      </main>
      <Suspense fallback={null}>
        <CompareView />
        <ClassifyPanel />
      </Suspense>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop a folder of images: one sub-folder per class
        </div>
      )}
    </div>
  );
}
