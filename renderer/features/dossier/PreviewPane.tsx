import { useEffect, useState } from 'react';
import type { DossierVerify } from '../../../shared/domain/dossier';
import type { DossierHost } from './context';

type Props = {
  host: DossierHost;
  dossierId: string;
  /** Changes whenever the dossier does (its updatedAt, or a history step): the preview follows. */
  version: string;
  redact: boolean;
  onVerify: (verify: DossierVerify) => void;
  /** Collapsed: still rendered, as the composer takes its quotes and citation numbers from the answer. */
  hidden?: boolean;
};

/** Long enough that typing a title does not render on every key, short enough to feel live. */
export const PREVIEW_DELAY_MS = 600;

/**
 * The dossier as it will print, rendered by main. The HTML is shown in an iframe with an empty sandbox and srcdoc:
 * it gets an opaque origin, cannot run script, submit forms or navigate the app, whatever a quote contains.
 */
export function PreviewPane({ host, dossierId, version, redact, onVerify, hidden = false }: Props) {
  const [html, setHtml] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { call } = host;
  // The preview is out of date until main has answered for exactly this state of the dossier.
  const wanted = `${dossierId}|${version}|${redact}`;
  const [rendered, setRendered] = useState<string | null>(null);
  const busy = rendered !== wanted;

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call('dossiers.preview', { id: dossierId, options: { redact, includeInternals: false } }).then(
        (result) => {
          if (!current) return;
          setHtml(result.html);
          setProblem(null);
          setRendered(wanted);
          onVerify(result.verify);
        },
        (error: unknown) => {
          if (!current) return;
          setProblem(error instanceof Error ? error.message : String(error));
          setRendered(wanted);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, dossierId, redact, onVerify, wanted]);

  return (
    <div className="dossier-preview-frame" aria-busy={busy} hidden={hidden}>
      {problem ? (
        <p className="pane-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {html !== null ? (
        <iframe title="Print preview" sandbox="" srcDoc={html} data-testid="dossier-preview" referrerPolicy="no-referrer" />
      ) : (
        <p className="muted dossier-preview-wait">Rendering the preview…</p>
      )}
      {busy && html !== null ? <span className="dossier-preview-busy">Updating…</span> : null}
    </div>
  );
}
