export function Wordmark() {
  return (
    <span className="wordmark">
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
        <path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h5l2 2h4A1.5 1.5 0 0 1 17 6.5v9a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 15.5z" fill="currentColor" opacity="0.18" />
        <path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h5l2 2h4A1.5 1.5 0 0 1 17 6.5v9a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 3 15.5z" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </svg>
      Casefile
    </span>
  );
}
