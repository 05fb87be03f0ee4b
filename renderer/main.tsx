import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/source-serif-4/wght.css';
import '@fontsource-variable/source-serif-4/wght-italic.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/access.css';
import './styles/workbench.css';
import './styles/reader.css';
import './styles/palette.css';
import { App } from './app/App';
import { applyTheme, initialTheme } from './app/theme';

// Set before the first paint so a dark-theme user never sees a white flash.
applyTheme(initialTheme());

// A file dropped outside the workbench would otherwise replace this page with the file itself.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (event) => event.preventDefault());
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
