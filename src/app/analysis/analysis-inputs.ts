/**
 * What an offline analysis reads besides the events: the organisation context (contract:
 * analysis-io.md, one JSON file) and the committed models (models/meeting-models.json at the
 * package root, so that an installed `calintel` finds them from any working directory).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { MeetingModels } from '../../domain/detection/analyse.js';
import { invalidInput, AppError } from '../../domain/errors.js';
import {
  ACCOUNT_STAGES,
  isAccountStage,
  type OrganisationContext,
} from '../../domain/matching/crm.js';
import {
  NO_SCHEDULING,
  schedulingFields,
  schedulingOf,
  type OrganisationScheduling,
} from '../conflicts/scheduling-schema.js';

/** The package root: this file runs from src/app/analysis (tests, tsx) or dist/src/app/analysis. */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

export const MODELS_FILE = path.join(packageRoot(), 'models', 'meeting-models.json');

const EMPTY_CONTEXT: OrganisationContext = {
  internalDomains: [],
  accounts: [],
  leads: [],
  contacts: [],
};

const text = z.string().nullish();

// A stage is one the CRM API accepts, as written there (`calintel crm import` reads this file
// through the API's schema): an unknown one would be a type-model feature nothing was trained on.
const accountSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    domains: z.array(z.string()).nullish(),
    stage: text,
  })
  .superRefine((account, ctx) => {
    if (account.stage == null || isAccountStage(account.stage)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['stage'],
      message: `account ${JSON.stringify(account.id)} has stage ${JSON.stringify(account.stage)}, not one of ${ACCOUNT_STAGES.join(', ')}`,
    });
  });

const orgSchema = z.object({
  internalDomains: z.array(z.string()).nullish(),
  accounts: z.array(accountSchema).nullish(),
  leads: z
    .array(
      z.object({
        id: z.string().min(1),
        email: z.string(),
        name: text,
        company: text,
        accountId: text,
      }),
    )
    .nullish(),
  contacts: z
    .array(
      z.object({
        id: z.string().min(1),
        email: z.string(),
        name: text,
        accountId: text,
        title: text,
      }),
    )
    .nullish(),
  // Offices, working hours, time zones and travel numbers, for `calintel conflicts`
  // (scheduling-schema.ts; the other verbs ignore them).
  ...schedulingFields(),
});

export type { OrganisationScheduling };

export interface OrganisationFile {
  context: OrganisationContext;
  scheduling: OrganisationScheduling;
}

/**
 * The organisation context in `file`, checked; every list may be empty or absent. No file: an
 * empty context (no internal domains, no CRM), as the contract allows.
 */
export async function loadOrganisationContext(file: string | null): Promise<OrganisationContext> {
  return (await loadOrganisationFile(file)).context;
}

/** The organisation file: its CRM context and, for conflicts, its scheduling fields. */
export async function loadOrganisationFile(file: string | null): Promise<OrganisationFile> {
  if (file === null) return { context: EMPTY_CONTEXT, scheduling: NO_SCHEDULING };
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput(`--org: cannot read ${file}: ${error.code ?? error.message}`);
  });
  let json: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidInput(
      `--org: ${file} is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  const parsed = orgSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the document';
    throw invalidInput(
      `--org: ${file} is not an organisation context: ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const org = parsed.data;
  return {
    context: {
      internalDomains: org.internalDomains ?? [],
      accounts: (org.accounts ?? []).map((a) => ({ ...a, domains: a.domains ?? [] })),
      leads: org.leads ?? [],
      contacts: org.contacts ?? [],
    },
    scheduling: schedulingOf(org),
  };
}

/** The committed detection and type models. */
export async function loadMeetingModels(file = MODELS_FILE): Promise<MeetingModels> {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new AppError(
      'not_configured',
      `cannot read the models at ${file}: ${error.code ?? error.message}`,
    );
  });
  const models = JSON.parse(content) as Partial<MeetingModels>;
  if (!models.detection?.weights || !models.types?.weights || !models.types.classes)
    throw new AppError('not_configured', `${file} is not a meeting-models file`);
  return models as MeetingModels;
}
