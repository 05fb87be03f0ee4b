import { useEffect, useState } from 'react';
import type { ThemeName } from './highlightColors';

function read(): ThemeName {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** The theme on <html>; highlight colours are computed per theme, so they follow the toggle at once. */
export function useDocumentTheme(): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}
