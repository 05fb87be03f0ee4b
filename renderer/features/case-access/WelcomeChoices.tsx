import type { SessionState } from '../../../shared/domain/case';
import { Wordmark } from '../../components/Wordmark';

type Props = {
  state: SessionState;
  onCreate: (demo: boolean) => void;
  onUnlock: (folder: string) => void;
};

export function WelcomeChoices({ state, onCreate, onUnlock }: Props) {
  const library = state.mode === 'library';
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <Wordmark />
      <h1 id="welcome-title" className="welcome-title">
        Read and sort your sources, encrypted on this computer.
      </h1>
      <p className="welcome-lede">
        A case holds the documents of one investigation. Its contents are encrypted with a passphrase only you know.
      </p>

      <div className="choice-grid">
        {state.demoAvailable ? (
          <button type="button" className="choice" data-testid="open-demo" onClick={() => onCreate(true)}>
            <span className="choice-kicker">Try it first</span>
            <span className="choice-title">Open the demo case</span>
            <span className="choice-text">
              Five reports on NSO Group and the SS7 network, in English and French, in a new encrypted case.
            </span>
          </button>
        ) : null}
        <button type="button" className="choice" data-testid="new-case" onClick={() => onCreate(false)}>
          <span className="choice-kicker">Start an investigation</span>
          <span className="choice-title">New case</span>
          <span className="choice-text">An empty encrypted case. Import your own files next.</span>
        </button>
      </div>

      {library && state.cases.length > 0 ? (
        <section className="case-folders" aria-labelledby="case-folders-title">
          <h2 id="case-folders-title" className="section-label">
            Cases in this library
          </h2>
          <ul>
            {state.cases.map((entry) => (
              <li key={entry.folder}>
                <button
                  type="button"
                  className="case-folder"
                  data-testid="case-folder"
                  data-folder={entry.folder}
                  onClick={() => onUnlock(entry.folder)}
                >
                  <code>{entry.folder}</code>
                  <span className="case-folder-action">Unlock →</span>
                </button>
              </li>
            ))}
          </ul>
          <p className="field-hint">
            Case names and contents are encrypted; folder names are not — anyone who can see this disk can read them.
          </p>
        </section>
      ) : null}
    </section>
  );
}
