/** A boolean column: SQLite has no boolean type, so both engines store 0 or 1. */
export type Bool01 = 0 | 1;
