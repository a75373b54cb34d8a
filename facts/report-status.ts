/** How a result type's status reads: which statuses count, which are dropped. */
export interface StatusRule {
  readonly counts: ReadonlySet<string>;
  readonly dropped: ReadonlySet<string>;
}

/**
 * Observation.status (FHIR R4 ObservationStatus): only final, amended and corrected results are
 * usable. A preliminary or registered result is not yet the result, and one cancelled or entered
 * in error never was: all are passed over. Any other status cannot be read and makes "the latest"
 * unknown if it is the newest.
 */
export const OBSERVATION_STATUS: StatusRule = {
  counts: new Set(['final', 'amended', 'corrected']),
  dropped: new Set(['registered', 'preliminary', 'cancelled', 'entered-in-error']),
};

/** DiagnosticReport.status (FHIR R4 DiagnosticReportStatus), read the same way. */
export const REPORT_STATUS: StatusRule = {
  counts: new Set(['final', 'amended', 'corrected', 'appended']),
  dropped: new Set(['registered', 'partial', 'preliminary', 'cancelled', 'entered-in-error']),
};
