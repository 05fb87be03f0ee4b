import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './protocol';
import { secureWebPreferences } from './security';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    title: 'Casefile',
    // Shown on ready-to-show, so the user never sees a white flash before the UI paints.
    show: false,
    backgroundColor: '#f7f5f0',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

type WindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function createMainWindow(BrowserWindowCtor: WindowCtor, preloadPath: string): BrowserWindow {
  const window = new BrowserWindowCtor(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
