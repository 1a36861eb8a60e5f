import type { ImportProblem } from '@app/contracts';

/**
 * The problems of one file, in row order, listing at most `limit` of them but counting all. Once
 * the list is full, later rows are only counted, so a list that was cut off is "the first
 * problems by row": problems found later (across rows) are only listed up to the last row kept.
 */
export class ImportProblems {
  private readonly listed: ImportProblem[] = [];
  private count = 0;

  constructor(private readonly limit: number) {}

  add(problem: ImportProblem): void {
    this.count++;
    if (this.listed.length < this.limit) this.listed.push(problem);
  }

  addAll(problems: Iterable<ImportProblem>): void {
    for (const problem of problems) this.add(problem);
  }

  get total(): number {
    return this.count;
  }

  get truncated(): boolean {
    return this.count > this.listed.length;
  }

  /** Adds problems found later across rows (sorted by row) and returns the final report. */
  merge(later: ImportProblem[]): { errors: ImportProblem[]; errorCount: number } {
    const errorCount = this.count + later.length;
    let candidates = [...this.listed, ...later];
    if (this.truncated) {
      const lastRow = this.listed[this.listed.length - 1]?.row ?? 0;
      candidates = candidates.filter((p) => p.row === null || p.row <= lastRow);
    }
    // null rows (the whole file) first, then by row; stable, so a row's problems keep their order.
    candidates.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return { errors: candidates.slice(0, this.limit), errorCount };
  }
}

/** "3 problems were found; nothing was written (only the first 1,000 are listed)". */
export function problemSummary(errorCount: number, listed: number): string {
  const found = `${errorCount} problem${errorCount === 1 ? ' was' : 's were'} found; nothing was written`;
  return listed < errorCount ? `${found} (only the first ${listed} are listed)` : found;
}
