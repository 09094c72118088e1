import { useTheme } from '../hooks/useTheme';

export function ThemeToggle() {
  const [theme, toggle] = useTheme();
  return (
    <button type="button" className="icon-button" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
