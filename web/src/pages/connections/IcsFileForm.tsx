import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { importIcsFile, listSyncStatus, type IcsFileInput } from '../../api/providers';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import { ConnectForm } from './ConnectForm';
import { FormField } from './FormField';
import { importReport, type ImportReport } from './import-report';
import { refreshConnections } from './invalidate';

/** The import, then the details of the events it could not read (null when those failed). */
async function importWithIssues(input: IcsFileInput): Promise<ImportReport> {
  const connection = await importIcsFile(input);
  if (!connection.sync?.issues) return importReport(connection, []);
  const issues = await listSyncStatus()
    .then((statuses) =>
      statuses.filter((s) => s.connectionId === connection.id).flatMap((s) => s.issues),
    )
    .catch(() => null);
  return importReport(connection, issues);
}

export function IcsFileForm({ status }: { status: ActionStatusState }) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState('');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: importWithIssues,
    onSuccess: (report) => {
      status.report(report.message);
      setFile(null);
      setLabel('');
      if (fileInput.current) fileInput.current.value = '';
      void refreshConnections(queryClient);
    },
    // The form says why, beside its fields; an earlier action's outcome must not stay beside it.
    onError: () => status.clear(),
  });
  const report = mutation.data;

  return (
    <ConnectForm
      title="Import an .ics file"
      submitLabel="Import file"
      pendingLabel="Importing…"
      pending={mutation.isPending}
      error={mutation.error}
      onSubmit={() => {
        if (file) mutation.mutate({ file, ...(label.trim() ? { label: label.trim() } : {}) });
      }}
      intro={
        <p className="hint">
          A calendar exported as a file. It is not updated by itself: import it again with the same
          label to update it.
        </p>
      }
      outcome={
        report && (report.issues.length > 0 || report.unlisted > 0) ? (
          <div className="import-issues">
            <h4 id={`${id}-issues`}>Left out of “{report.label}”</h4>
            {report.issues.length > 0 && (
              <ul aria-labelledby={`${id}-issues`}>
                {report.issues.map((issue, index) => (
                  <li key={`${index}-${issue}`}>{issue}</li>
                ))}
              </ul>
            )}
            {report.unlisted > 0 && (
              <p>
                {plural(report.unlisted, 'more event')} could not be read; calintel could not fetch
                the details.
              </p>
            )}
          </div>
        ) : null
      }
    >
      <div className="field">
        <label htmlFor={`${id}-file`}>Calendar file</label>
        <input
          ref={fileInput}
          id={`${id}-file`}
          type="file"
          accept=".ics,text/calendar"
          required
          aria-describedby={`${id}-file-hint`}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <p id={`${id}-file-hint`} className="hint">
          An iCalendar file (.ics).
        </p>
      </div>
      <FormField
        label="Label (optional)"
        maxLength={200}
        hint="The calendar's name in calintel. An earlier import's label updates that calendar; left empty, the file becomes a new calendar named after it."
        value={label}
        onChange={setLabel}
      />
    </ConnectForm>
  );
}
