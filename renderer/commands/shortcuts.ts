export type ParsedShortcut = { mod: boolean; shift: boolean; alt: boolean; key: string };

export function parseShortcut(text: string): ParsedShortcut {
  const parts = text.split('+');
  const key = parts.pop() ?? '';
  return { mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key };
}

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/**
 * Letters and digits compare by physical key (`code`), because Alt and Shift change `key` on many layouts
 * (Alt+J is “∆” on a Mac); named keys such as ArrowDown compare by `key`.
 */
export function matchesShortcut(event: KeyLike, shortcut: string, mac = isMacPlatform()): boolean {
  const s = parseShortcut(shortcut);
  const modPressed = mac ? event.metaKey : event.ctrlKey;
  const otherPressed = mac ? event.ctrlKey : event.metaKey;
  if (s.mod !== modPressed || otherPressed) return false;
  if (s.shift !== event.shiftKey || s.alt !== event.altKey) return false;
  if (/^[A-Za-z]$/.test(s.key)) return event.code === `Key${s.key.toUpperCase()}`;
  if (/^[0-9]$/.test(s.key)) return event.code === `Digit${s.key}`;
  return event.key === s.key;
}

/** A shortcut with no modifier would fire while typing, so such shortcuts only work outside text fields. */
export function needsNonEditableTarget(shortcut: string): boolean {
  const s = parseShortcut(shortcut);
  return !s.mod && !s.alt;
}

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
  }
  return false;
}

const KEY_LABELS: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', ArrowLeft: '←', ArrowRight: '→', Enter: '↵' };

export function shortcutKeys(shortcut: string, mac = isMacPlatform()): string[] {
  const s = parseShortcut(shortcut);
  const keys: string[] = [];
  if (s.mod) keys.push(mac ? '⌘' : 'Ctrl');
  if (s.alt) keys.push(mac ? '⌥' : 'Alt');
  if (s.shift) keys.push(mac ? '⇧' : 'Shift');
  keys.push(KEY_LABELS[s.key] ?? s.key.toUpperCase());
  return keys;
}

export function formatShortcut(shortcut: string, mac = isMacPlatform()): string {
  return shortcutKeys(shortcut, mac).join(mac ? '' : '+');
}
