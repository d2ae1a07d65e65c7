import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseCrmCsv, parseOrganisationFile } from '../../app/crm/crm-files.js';
import { CRM_KINDS, type CrmKind } from '../../app/crm/crm-kinds.js';
import { AppError } from '../../domain/errors.js';
import { printJson, UsageError } from '../output.js';
import { withApp } from './with-app.js';
import { nonBlank } from '../text-option.js';

interface ImportOptions {
  org?: string;
  user?: string;
  csv?: string;
  json?: boolean;
}

export function registerCrmCommands(program: Command): void {
  const crm = program.command('crm').description("manage an organisation's CRM records");
  crm
    .command('import')
    .description(
      "import accounts, leads and contacts: the analysis contract's org.json, or a CSV of one kind",
    )
    .argument('<file>', 'org.json, or a CSV file with --csv')
    .option('--csv <kind>', `the file is a CSV of ${CRM_KINDS.join(', ')} with a header row`)
    .option('--org <name>', 'the organisation (or the one of --user)', nonBlank('--org'))
    .option(
      '--user <email>',
      'a user of the organisation (with --org when the email is in several)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: ImportOptions) => {
      const kind = checkKind(options.csv);
      if (!options.org && !options.user) throw new UsageError('pass --org NAME or --user EMAIL');
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const records = kind ? parseCrmCsv(kind, text) : parseOrganisationText(file, text);
      // The contract ignores unknown fields; said, so that a misspelled one is not lost unseen.
      if (records.ignored)
        console.error(
          `warning: ${file}: ignored ${records.ignored.length} field(s) the contract does not name: ${records.ignored.join(', ')}`,
        );
      const result = await withApp(async (app) => {
        const scope = options.user
          ? await app.admin.resolveUser(options.user, options.org ?? null)
          : await app.crm.organisationNamed(options.org ?? '');
        return app.crm.importRecords({ orgId: scope.orgId }, records);
      });
      if (options.json) return printJson(result);
      console.log(
        `imported ${file}: ${result.accounts} accounts, ${result.leads} leads, ${result.contacts} contacts; internal domains: ${result.internalDomains.join(', ') || 'none'}`,
      );
      console.log(`meeting detection queued for ${result.redetection.users} users`);
    });
}

const CSV_HINT = `for a CSV file, say which records it holds: --csv ${CRM_KINDS.join('|')}`;

/** Without --csv the file is the contract's org.json; a CSV given so is told what to add. */
function parseOrganisationText(file: string, text: string) {
  if (/\.csv$/i.test(file))
    throw new UsageError(`${file} is read as org.json unless --csv says otherwise; ${CSV_HINT}`);
  try {
    return parseOrganisationFile(text);
  } catch (error) {
    if (error instanceof AppError && error.message.startsWith('not JSON'))
      throw new UsageError(`${file}: ${error.message}; ${CSV_HINT}`);
    throw error;
  }
}

function checkKind(value: string | undefined): CrmKind | null {
  if (value === undefined) return null;
  if (!(CRM_KINDS as readonly string[]).includes(value))
    throw new UsageError(`--csv must be one of ${CRM_KINDS.join(', ')}, not "${value}"`);
  return value as CrmKind;
}
