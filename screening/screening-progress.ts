/** What a run tells as it goes; bin/screen.ts draws it (a bar on a terminal, lines otherwise). */
export interface ScreeningProgress {
  /** The export is being prepared; `progress` is the server's `X-Progress`. */
  exportStatus(progress: string | undefined): void;
  /** An output file is being read. */
  file(type: string, index: number, of: number): void;
  /** One resource read. */
  resource(): void;
  /** Evaluation starts, over this many patients. */
  evaluating(patients: number): void;
  /** One more patient evaluated; the totals so far. */
  patient(screened: number, candidates: number): void;
}
