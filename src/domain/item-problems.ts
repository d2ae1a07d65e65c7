/**
 * A batch refused item by item (a CRM upsert): every problem of every item at once, each with
 * the item's index, its externalId and the field, so that a client can map them back to its own
 * records without parsing the message. The message says the same for humans.
 */
import { AppError } from './errors.js';

export interface ItemProblem {
  /** The item's position in the batch, from 0. */
  index: number;
  /** The item's externalId when it sent one. */
  externalId: string | null;
  /** The field at fault (`domains.0`, an unknown key); null for the item as a whole. */
  field: string | null;
  message: string;
}

export class InvalidItems extends AppError {
  constructor(
    readonly problems: readonly ItemProblem[],
    message: string,
  ) {
    super('invalid_input', message);
  }
}
