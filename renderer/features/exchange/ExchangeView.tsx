/**
 * The "Import & export" view: the project as REFI-QDA (.qdpx), the codebook in five formats, the
 * coded extracts as spreadsheets — each as a download or saved to a path — and imports: a
 * codebook (.qdc or .csv) into this project with a preview, a .qdpx as a new project.
 */
import { useRef, useState } from 'react';
import { FORMAT_FILES, type CodebookFormat, type ExtractsFormat } from '../../../shared/types/exchange';
import { FileDialog } from '../../components/FileDialog';
import { JobProgress } from '../../components/JobProgress';
import { useAppStore } from '../../store';
import type { ExportTarget } from '../../store/exchange';
import type { SaveOutcome } from '../../browser/files';
import { ImportProjectDialog } from './ImportProjectDialog';
import { ShareSafelyDialog } from './ShareSafelyDialog';
import { ReidentifyDialog } from './ReidentifyDialog';
import { ReportCounts, WarningsList } from './Report';
import './exchange.css';

const CODEBOOK_CHOICES: { format: CodebookFormat; label: string }[] = [
  { format: 'qdc', label: 'REFI-QDA codebook (.qdc)' },
  { format: 'csv', label: 'CSV (.csv)' },
  { format: 'xlsx', label: 'Excel (.xlsx)' },
  { format: 'md', label: 'Markdown (.md)' },
  { format: 'docx', label: 'Word (.docx)' },
];

const EXTRACT_CHOICES: { format: ExtractsFormat; label: string }[] = [
  { format: 'csv', label: 'CSV (.csv)' },
  { format: 'xlsx', label: 'Excel (.xlsx)' },
];

const safeName = (name: string) =>
  name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Weft project';

type SaveRequest = { title: string; initialName: string; extension: string; run(to: ExportTarget): Promise<SaveOutcome> };

export function ExchangeView() {
  const project = useAppStore((s) => s.project)!;
  const busy = useAppStore((s) => s.exchangeBusy);
  const lastExport = useAppStore((s) => s.lastExport);
  const exportProject = useAppStore((s) => s.exportProject);
  const exportJob = useAppStore((s) => s.projectExportJob);
  const cancelExportJob = useAppStore((s) => s.cancelProjectExportJob);
  const exportCodebook = useAppStore((s) => s.exportCodebook);
  const exportExtracts = useAppStore((s) => s.exportExtracts);
  const protectFormulas = useAppStore((s) => s.protectFormulas);
  const setProtectFormulas = useAppStore((s) => s.setProtectFormulas);
  const result = useAppStore((s) => s.projectImportResult);
  const dismissResult = useAppStore((s) => s.dismissProjectImportResult);
  const setView = useAppStore((s) => s.setView);
  const [codebookFormat, setCodebookFormat] = useState<CodebookFormat>('csv');
  const [extractsFormat, setExtractsFormat] = useState<ExtractsFormat>('csv');
  const [save, setSave] = useState<SaveRequest | null>(null);
  const [importingProject, setImportingProject] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [reidentifying, setReidentifying] = useState(false);
  const base = safeName(project.name);

  return (
    <div className="exchange-view">
      {result ? (
        <section className="exchange-card exchange-result" aria-labelledby="import-result-heading">
          <h2 id="import-result-heading">Imported “{result.file}” as a new project</h2>
          <p>
            This project, <strong>{result.project.name}</strong>, was created at <code>{result.project.path}</code>.
          </p>
          <ReportCounts report={result} label="What was imported" />
          <WarningsList warnings={result.warnings} />
          <div className="exchange-row">
            <button type="button" className="primary" onClick={() => setView('coding')}>
              Go to coding
            </button>
            <button type="button" onClick={dismissResult}>
              Dismiss report
            </button>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <label className="exchange-check">
          <input type="checkbox" checked={protectFormulas} onChange={(e) => setProtectFormulas(e.target.checked)} aria-describedby="protect-formulas-hint" />
          <span>Protect against spreadsheet formulas</span>
        </label>
        <p id="protect-formulas-hint" className="muted small">
          In CSV and XLSX exports (here and in Analysis), text that begins with =, +, -, @, a tab or a line break gets a ' in front, so a
          spreadsheet shows it as text instead of running it as a formula. Values such as “-2” or “- note” get the ' too; turn this off
          for files meant for other programs rather than spreadsheets.
        </p>
        <div className="exchange-cards">
          <article className="exchange-card" aria-labelledby="share-safely-heading">
            <h3 id="share-safely-heading">Share safely</h3>
            <p className="muted small">
              A pseudonymised copy of the project to share or archive: names of participants, places and employers replaced by pseudonyms
              everywhere, codings kept exact, and a separate key (encrypted with a passphrase) to re-identify it.
            </p>
            <button type="button" disabled={busy !== null} onClick={() => setSharing(true)}>
              Share safely (pseudonymised copy)…
            </button>
            <p className="muted small">Is this project a pseudonymised copy? With its key and passphrase, write the original back as a new project.</p>
            <button type="button" disabled={busy !== null} onClick={() => setReidentifying(true)}>
              Re-identify (with its key)…
            </button>
          </article>
          <article className="exchange-card" aria-labelledby="export-project-heading">
            <h3 id="export-project-heading">Project</h3>
            <p className="muted small">
              The whole project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder and other Weft users: documents,
              codes, codings and coders, cases and attributes, memos, themes (as code sets).
            </p>
            <div className="exchange-row">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void exportProject({ kind: 'download' })}>
                Download project (.qdpx)
              </button>
              <button
                type="button"
                disabled={busy !== null}
                onClick={() => setSave({ title: 'Save project as .qdpx', initialName: `${base}.qdpx`, extension: 'qdpx', run: exportProject })}
              >
                Save project to a file…
              </button>
            </div>
            {exportJob ? (
              <JobProgress
                inline
                label="Export progress"
                job={{ ...exportJob, current: exportJob.current ?? 'Writing the project…' }}
                cancelLabel="Cancel export"
                onCancel={() => void cancelExportJob()}
              />
            ) : null}
          </article>

          <article className="exchange-card" aria-labelledby="export-codebook-heading">
            <h3 id="export-codebook-heading">Codebook</h3>
            <p className="muted small">
              Code tree with definitions, inclusion and exclusion criteria, examples, themes, colours and counts. CSV is UTF-8 with a byte
              order mark (opens correctly in Excel) and imports back into Weft.
            </p>
            <label className="exchange-select">
              <span>Format</span>
              <select aria-label="Codebook format" value={codebookFormat} onChange={(e) => setCodebookFormat(e.target.value as CodebookFormat)}>
                {CODEBOOK_CHOICES.map((c) => (
                  <option key={c.format} value={c.format}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="exchange-row">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void exportCodebook(codebookFormat, { kind: 'download' })}>
                Download codebook
              </button>
              <button
                type="button"
                disabled={busy !== null}
                onClick={() =>
                  setSave({
                    title: 'Save codebook',
                    initialName: `${base} codebook.${FORMAT_FILES[codebookFormat].extension}`,
                    extension: FORMAT_FILES[codebookFormat].extension,
                    run: (to) => exportCodebook(codebookFormat, to),
                  })
                }
              >
                Save codebook to a file…
              </button>
            </div>
          </article>

          <article className="exchange-card" aria-labelledby="export-extracts-heading">
            <h3 id="export-extracts-heading">Coded extracts</h3>
            <p className="muted small">
              One row per coding: document, participant and their attributes, code, themes, the coded text, its offsets (UTF-16 and code
              points) and the coder.
            </p>
            <label className="exchange-select">
              <span>Format</span>
              <select aria-label="Extracts format" value={extractsFormat} onChange={(e) => setExtractsFormat(e.target.value as ExtractsFormat)}>
                {EXTRACT_CHOICES.map((c) => (
                  <option key={c.format} value={c.format}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="exchange-row">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void exportExtracts(extractsFormat, { kind: 'download' })}>
                Download extracts
              </button>
              <button
                type="button"
                disabled={busy !== null}
                onClick={() =>
                  setSave({
                    title: 'Save coded extracts',
                    initialName: `${base} extracts.${extractsFormat}`,
                    extension: extractsFormat,
                    run: (to) => exportExtracts(extractsFormat, to),
                  })
                }
              >
                Save extracts to a file…
              </button>
            </div>
          </article>
        </div>
        {busy ? (
          <p role="status" className="muted">
            {busy}
          </p>
        ) : lastExport ? (
          <div role="status" className="exchange-last" aria-label="Last export">
            <p>
              {lastExport.path ? `Saved ${lastExport.path}` : `Downloaded ${lastExport.fileName}`} ({FORMAT_FILES[lastExport.format].label},{' '}
              {lastExport.items} {lastExport.kind === 'project' ? 'documents' : lastExport.kind === 'codebook' ? 'codes' : 'extracts'}).
            </p>
            {lastExport.warnings.length ? <WarningsList warnings={lastExport.warnings} /> : null}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import</h2>
        <div className="exchange-cards">
          <CodebookImport />
          <article className="exchange-card" aria-labelledby="import-project-heading">
            <h3 id="import-project-heading">REFI-QDA project</h3>
            <p className="muted small">
              A .qdpx from another program becomes a new Weft project (this one stays as it is). You see what will be imported, and every
              element that has to be dropped or repaired, before anything is created.
            </p>
            <button type="button" disabled={busy !== null} onClick={() => setImportingProject(true)}>
              Import REFI-QDA project (.qdpx)…
            </button>
          </article>
        </div>
      </section>

      {save ? (
        <FileDialog
          title={save.title}
          mode="save"
          confirmLabel="Save"
          extensions={[save.extension]}
          initialName={save.initialName}
          onCancel={() => setSave(null)}
          onSave={async (path, overwrite) => {
            const outcome = await save.run({ kind: 'path', path, overwrite });
            if (outcome === 'saved') setSave(null);
            return outcome;
          }}
        />
      ) : null}
      {importingProject ? <ImportProjectDialog onClose={() => setImportingProject(false)} /> : null}
      {sharing ? <ShareSafelyDialog onClose={() => setSharing(false)} /> : null}
      {reidentifying ? <ReidentifyDialog onClose={() => setReidentifying(false)} /> : null}
    </div>
  );
}

function CodebookImport() {
  const state = useAppStore((s) => s.codebookImport);
  const busy = useAppStore((s) => s.exchangeBusy);
  const preview = useAppStore((s) => s.previewCodebookImport);
  const confirm = useAppStore((s) => s.confirmCodebookImport);
  const close = useAppStore((s) => s.closeCodebookImport);
  const [pathDialog, setPathDialog] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const p = state?.preview ?? null;
  const r = state?.result ?? null;
  const formatLabel = (f: 'qdc' | 'csv') => (f === 'qdc' ? 'REFI-QDA codebook' : 'CSV codebook');

  return (
    <article className="exchange-card" aria-labelledby="import-codebook-heading">
      <h3 id="import-codebook-heading">Codebook</h3>
      <p className="muted small">
        Add codes from a REFI-QDA codebook (.qdc, from NVivo, ATLAS.ti, MAXQDA…) or a CSV (columns such as path, definition, inclusion,
        exclusion, example, colour — or category, topic). Codes that already exist are kept; their empty fields are filled in.
      </p>
      <div className="exchange-row">
        <button type="button" disabled={busy !== null} onClick={() => input.current?.click()}>
          Choose a codebook file…
        </button>
        <button type="button" disabled={busy !== null} onClick={() => setPathDialog(true)}>
          Import a codebook from a path…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".qdc,.csv,.tsv,.txt,.qde,.xml"
          aria-label="Codebook file"
          data-testid="codebook-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void preview({ kind: 'file', file });
          }}
        />
      </div>
      {state ? (
        <section className="exchange-preview" aria-label={r ? 'Codebook import result' : 'Codebook import preview'}>
          <p>
            <strong className="exchange-file">{state.name}</strong>
            {p ? <span className="muted"> — {formatLabel(p.format)}</span> : null}
          </p>
          {state.error ? (
            <p role="alert" className="error-text">
              {state.error}
            </p>
          ) : null}
          {r ? (
            <>
              <p>
                Imported {r.imported.codes} new {r.imported.codes === 1 ? 'code' : 'codes'}; {r.matched.codes} already in the project.
              </p>
              <ReportCounts report={r} label="What was imported" only={['codes', 'themes', 'sets']} />
              <WarningsList warnings={r.warnings} />
              <div className="exchange-row">
                <button type="button" onClick={close}>
                  Done
                </button>
              </div>
            </>
          ) : p ? (
            <>
              <p>
                {p.imported.codes} new {p.imported.codes === 1 ? 'code' : 'codes'} will be added; {p.matched.codes} already in the project.
              </p>
              <ReportCounts report={p} label="What will be imported" only={['codes', 'themes', 'sets']} />
              {p.newCodes.length ? (
                <details>
                  <summary>New codes ({p.newCodes.length})</summary>
                  <ul className="exchange-codes" aria-label="New codes">
                    {p.newCodes.slice(0, 500).map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                    {p.newCodes.length > 500 ? <li className="muted">… and {p.newCodes.length - 500} more</li> : null}
                  </ul>
                </details>
              ) : null}
              <WarningsList warnings={p.warnings} future />
              <div className="exchange-row">
                <button type="button" className="primary" disabled={busy !== null} onClick={() => void confirm()}>
                  Import codebook
                </button>
                <button type="button" onClick={close}>
                  Cancel
                </button>
              </div>
            </>
          ) : state.error ? (
            <div className="exchange-row">
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
      {pathDialog ? (
        <FileDialog
          title="Choose a codebook"
          mode="open"
          confirmLabel="Read"
          extensions={['qdc', 'csv', 'qde', 'tsv', 'txt', 'xml']}
          onCancel={() => setPathDialog(false)}
          onConfirm={([path]) => {
            setPathDialog(false);
            if (path) void preview({ kind: 'path', path });
          }}
        />
      ) : null}
    </article>
  );
}
