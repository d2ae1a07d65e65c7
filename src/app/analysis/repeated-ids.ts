/** The contract's "id: unique within the file", checked as the lines of an input are read. */

/** The ids seen so far: a repeated one is a rejection of its line. */
export class RepeatedIds {
  readonly #seen = new Set<string>();

  check<T>(id: string, line: number, item: T): T | { line: number; reason: string } {
    if (id === '') return item;
    if (!this.#seen.has(id)) {
      this.#seen.add(id);
      return item;
    }
    return { line, reason: `id "${id}" repeats an earlier line's; ids must be unique in a file` };
  }
}
