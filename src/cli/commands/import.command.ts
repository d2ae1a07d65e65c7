import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { createProgress } from '../progress.js';
import { fileProblem, printJson, UsageError } from '../output.js';
import { withApp } from './with-app.js';
import { nonBlank } from '../text-option.js';
import { decodeUndeclared, guessedCharsetNote } from '../../domain/ical/ics-bytes.js';

export function registerImportCommand(program: Command): void {
  const importCommand = program.command('import').description('import calendars from files');
  importCommand
    .command('ics')
    .description("import an .ics file into a user's calendars (importing it again updates it)")
    .argument('<file>', 'an .ics file')
    .requiredOption('--user <email>', "the user's email address")
    .option('--org <name>', 'the organisation, when the email exists in several', nonBlank('--org'))
    .option(
      '--label <label>',
      'name of the imported calendar; importing again with the same label updates it (default: the file name; the same file imported again updates its calendar)',
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (
        file: string,
        options: { user: string; org?: string; label?: string; json?: boolean },
      ) => {
        const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
        });
        // UTF-8 (windows-1252 if it is not UTF-8, said among the issues), with characters a
        // fold split mended (RFC 5545 3.1), as every other reader does.
        const decoded = decodeUndeclared(bytes);
        const charsetNote = guessedCharsetNote('the file', decoded);
        const progress = createProgress({ json: options.json ?? false });
        const result = await withApp(async (app) => {
          const scope = await app.admin.resolveUser(options.user, options.org ?? null);
          progress.start(1, `importing ${basename(file)}`);
          const imported = await app.connections.importIcsFile(scope, {
            fileName: basename(file),
            content: decoded.text,
            ...(charsetNote === null ? {} : { charsetNote }),
            // Without --label, the same file imported again updates its calendar; another file
            // of the same name (every export is `calendar.ics`) gets a calendar of its own.
            path: resolve(file),
            ...(options.label ? { label: options.label } : {}),
          });
          progress.update(1);
          progress.stop();
          return imported;
        });
        // The parts of the file that could not be imported go to stderr in every mode; exit code 2
        // says some were, as for analysis input.
        for (const issue of result.issues) process.stderr.write(fileProblem(file, issue));
        if (result.issues.length > 0) process.exitCode = 2;
        if (options.json) return printJson(result);
        const sync = result.sync;
        console.log(
          `imported ${file} into "${result.label}": ${sync?.added ?? 0} added, ${sync?.updated ?? 0} updated, ${sync?.deleted ?? 0} removed${issuesPart(result)}`,
        );
      },
    );
}

/**
 * `; 3 issues: 1 event left out, 1 kept despite an issue`, or nothing: the issues are counted
 * apart from the events, as some are about none (a charset) and an event may have several.
 */
function issuesPart(result: {
  issues: readonly unknown[];
  eventsLeftOut: number;
  eventsKeptWithIssues: number;
}): string {
  const count = result.issues.length;
  if (count === 0) return '';
  const events = (n: number) => `${n} ${n === 1 ? 'event' : 'events'}`;
  return `; ${count} ${count === 1 ? 'issue' : 'issues'}: ${events(result.eventsLeftOut)} left out, ${result.eventsKeptWithIssues} kept despite an issue`;
}
