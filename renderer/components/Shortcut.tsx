import { shortcutKeys } from '../commands/shortcuts';

export function Shortcut({ shortcut }: { shortcut: string }) {
  return (
    <span className="shortcut" aria-hidden="true">
      {shortcutKeys(shortcut).map((key) => (
        <kbd key={key}>{key}</kbd>
      ))}
    </span>
  );
}
