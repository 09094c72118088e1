import { BackendBadge } from './BackendBadge';
import { ThemeToggle } from './ThemeToggle';

export function Header() {
  return (
    <header className="header">
      <div className="header__title">
        <h1>Pretext</h1>
        <span className="header__tagline">self-supervised learning, in your browser — nothing leaves this machine</span>
      </div>
      <div className="header__tools">
        <BackendBadge />
        <ThemeToggle />
      </div>
    </header>
  );
}
