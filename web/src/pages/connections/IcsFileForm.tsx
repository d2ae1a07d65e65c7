import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { importIcsFile, listSyncStatus, type IcsFileInput } from '../../api/providers';
import { TableScroll } from '../../components/TableScroll';
import type { ActionStatusState } from '../../components/use-action-status';
import { plural } from '../../lib/format';
import { ConnectForm } from './ConnectForm';
import { FormField } from './FormField';
import { importReport, issuesHeading, type ImportReport } from './import-report';
import { IssueTable } from './SyncIssues';
import { refreshConnections } from './invalidate';

/** The import, then the details of its issues (null when those could not be fetched). */
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
      // With issues, the summary stands above their list in the card: the page's status line
      // floats over the bottom of the window, where the list is, and goes away before it is read.
      if (report.total > 0) status.clear();
      else status.report(report.message);
      setFile(null);
      setLabel('');
      if (fileInput.current) fileInput.current.value = '';
      void refreshConnections(queryClient);
    },
    // The form says why, beside its fields; an earlier action's outcome must not stay beside it.
    onError: () => status.clear(),
  });
  const report = mutation.data;
  const issuesShown = report !== undefined && report.total > 0;

  return (
    <ConnectForm
      title="Import an .ics file"
      submitLabel="Import file"
      pendingLabel="Importing…"
      pending={mutation.isPending}
      error={mutation.error}
      onEdit={mutation.reset}
      wide={issuesShown}
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
        <>
          {/* Always in the page, so that a screen reader announces the summary put in it. */}
          <p role="status" className={issuesShown ? 'import-summary' : 'visually-hidden'}>
            {issuesShown ? report.message : ''}
          </p>
          {issuesShown && (
            <div className="import-issues">
              <h4 id={`${id}-issues`}>{issuesHeading(report)}</h4>
              {report.rows.length > 0 && (
                // The card then spans the row (wide); on a narrow screen the table scrolls sideways.
                <TableScroll label={issuesHeading(report)}>
                  <IssueTable labelledBy={`${id}-issues`} rows={report.rows} />
                </TableScroll>
              )}
              {report.unlisted > 0 && (
                <p>
                  {plural(report.unlisted, 'more issue')} {report.unlisted === 1 ? 'is' : 'are'} not
                  listed: calintel could not fetch the details.
                </p>
              )}
            </div>
          )}
        </>
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
