/**
 * The trained meeting models (models/meeting-models.json, written by `npm run train`), read once
 * per process. `models/` is not compiled: the file is found from the package root, as the demo
 * finds its sample calendar.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeetingModels } from '../../domain/detection/analyse.js';

let cached: MeetingModels | null = null;

/** The package root: this file runs from src/app/meetings (tests) or dist/src/app/meetings. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}

export const MODELS_FILE = path.join(packageRoot(), 'models', 'meeting-models.json');

export function loadMeetingModels(file = MODELS_FILE): MeetingModels {
  if (cached && file === MODELS_FILE) return cached;
  const models = JSON.parse(readFileSync(file, 'utf8')) as MeetingModels;
  if (!models.version || !models.detection || !models.types) {
    throw new Error(`${file} is not a meeting models file (run npm run train)`);
  }
  if (file === MODELS_FILE) cached = models;
  return models;
}
