/** How a result type's status reads: which statuses count, which are dropped. */
export interface StatusRule {
  readonly counts: ReadonlySet<string>;
  readonly dropped: ReadonlySet<string>;
}

/**
 * Observation.status (FHIR R4 ObservationStatus): only final, amended and corrected results are
 * usable. A registered result has no value yet, and one cancelled or entered in error never was:
 * they are passed over. A preliminary result has a value not yet verified: it is no usable result,
 * but it may differ from the final one before it (a point-of-care 7.1 % after a final 8.7 %), so as
 * the newest it makes "the latest" unknown, as does any status that cannot be read.
 */
export const OBSERVATION_STATUS: StatusRule = {
  counts: new Set(['final', 'amended', 'corrected']),
  dropped: new Set(['registered', 'cancelled', 'entered-in-error']),
};

/** DiagnosticReport.status (FHIR R4 DiagnosticReportStatus), read the same way. */
export const REPORT_STATUS: StatusRule = {
  counts: new Set(['final', 'amended', 'corrected', 'appended']),
  dropped: new Set(['registered', 'partial', 'preliminary', 'cancelled', 'entered-in-error']),
};
