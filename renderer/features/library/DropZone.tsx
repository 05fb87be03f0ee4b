import { ACCEPTED_DESCRIPTION } from './importBatches';

export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <DropIcon />
        <strong>Drop to import into this case</strong>
        <span>Files and whole folders · {ACCEPTED_DESCRIPTION}</span>
      </div>
    </div>
  );
}

export function EmptyLibrary({ onChoose }: { onChoose: () => void }) {
  return (
    <section className="empty-library" data-testid="empty-library" aria-labelledby="empty-library-title">
      <DropIcon />
      <h2 id="empty-library-title">Drop files or folders here</h2>
      <p>
        {ACCEPTED_DESCRIPTION}. Each one is encrypted as it is imported; the originals on your disk are left untouched.
      </p>
      <button type="button" className="btn btn-primary" onClick={onChoose}>
        Choose files…
      </button>
    </section>
  );
}

function DropIcon() {
  return (
    <svg className="drop-icon" viewBox="0 0 48 48" width="44" height="44" aria-hidden="true">
      <path d="M10 30v8a2 2 0 0 0 2 2h24a2 2 0 0 0 2-2v-8" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <path d="M24 8v22M16 22l8 8 8-8" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
