import { showGuide, useGuide } from '../state/guide';
import { BackendBadge } from './BackendBadge';
import { ThemeToggle } from './ThemeToggle';

/** The title, then the backend and the page's own buttons, kept together at the right (below the title on a phone). */
export function Header() {
  const guideOpen = useGuide((s) => s.open);
  return (
    <header className="header">
      <div className="header__title">
        <h1>Pretext</h1>
        <span className="header__tagline">self-supervised learning, in your browser — nothing leaves this machine</span>
      </div>
      <div className="header__tools">
        <BackendBadge />
        <div className="header__buttons">
          {!guideOpen && (
            <button type="button" className="small" onClick={showGuide} data-testid="guide-show">
              Guided start
            </button>
          )}
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
