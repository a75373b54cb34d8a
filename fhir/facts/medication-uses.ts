import type { ValueSetIndex } from '../../rules/value-sets.js';
import type { PatientRecord } from '../patient-record.js';
import type { Standing } from './clinical-status.js';
import { absenceUnproven, untrustedResources } from './coverage.js';
import type { DataQualityLog } from './data-quality.js';
import { readPastDate, type DateReading } from './fhir-date.js';
import { asObject } from './json-value.js';
import { matchDrug } from './medication-match.js';
import { drugSource } from './medication-source.js';
import { resourceId, resourceLabel } from './resource-label.js';
import type { Evidence } from './types.js';
import { catalogOf } from './value-set-catalog.js';

/** One active order or statement of a drug in some medication value sets. */
export interface MedicationUse {
  readonly evidence: Evidence;
  /** Medication value set ids the drug matched. */
  readonly ids: readonly string[];
  /** When it started: authoredOn, or the statement's effective date. */
  readonly start: DateReading;
  /** The raw Dosage list (dosageInstruction / dosage), read later only for insulin. */
  readonly dosages: unknown;
}

/** A record matching some value sets whose status does not say whether it is active. */
export interface DoubtfulUse {
  readonly ids: readonly string[];
  readonly label: string;
  readonly evidence: Evidence;
}

/** All active medication uses, with what keeps absence from being proven. */
export interface MedicationUses {
  readonly uses: readonly MedicationUse[];
  readonly doubtful: readonly DoubtfulUse[];
  /** Labels of possibly active records whose drug could not be read or resolved: any drug. */
  readonly unreadable: readonly string[];
  /** Why no medication absence can be trusted (not loaded, truncated), if so. */
  readonly unproven?: string;
}

// FHIR R4 MedicationRequest: status active, and an intent that is an actual order or plan.
const REQUEST_INTENTS = new Set(['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'plan']);
const REQUEST_NOT_INTENTS = new Set(['proposal', 'option']);
const REQUEST_NOT_STATUS = new Set(['on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft']);
const STATEMENT_NOT_STATUS = new Set(['completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'not-taken']);

function requestStanding(r: Record<string, unknown>): Standing {
  const { status, intent } = r;
  if (typeof status === 'string' && REQUEST_NOT_STATUS.has(status)) return 'ignored';
  if (typeof intent === 'string' && REQUEST_NOT_INTENTS.has(intent)) return 'ignored';
  return status === 'active' && typeof intent === 'string' && REQUEST_INTENTS.has(intent) ? 'counts' : 'uncertain';
}

function statementStanding(r: Record<string, unknown>): Standing {
  const { status } = r;
  if (typeof status === 'string' && STATEMENT_NOT_STATUS.has(status)) return 'ignored';
  return status === 'active' ? 'counts' : 'uncertain';
}

function statementStart(r: Record<string, unknown>): unknown {
  return r.effectiveDateTime ?? asObject(r.effectivePeriod)?.start ?? r.dateAsserted;
}

const KINDS = [
  {
    type: 'MedicationRequest',
    standing: requestStanding,
    start: (r: Record<string, unknown>) => r.authoredOn,
    dosage: 'dosageInstruction',
  },
  { type: 'MedicationStatement', standing: statementStanding, start: statementStart, dosage: 'dosage' },
] as const;

/**
 * One pass over MedicationRequest and MedicationStatement (an active statement counts like an
 * active order, CLINICAL.md): each possibly active record's drug is resolved and matched. With
 * `wanted`, a drug is matched as usual but only the wanted value set ids are kept, and records
 * of other drugs are skipped.
 */
export function readMedicationUses(
  record: PatientRecord,
  valueSets: ValueSetIndex,
  now: Date,
  dq: DataQualityLog,
  wanted?: ReadonlySet<string>,
): MedicationUses {
  const allowed = catalogOf(valueSets).idsOfKind.medication;
  const uses: MedicationUse[] = [];
  const doubtful: DoubtfulUse[] = [];
  const unreadable: string[] = [];
  for (const kind of KINDS) {
    for (const raw of untrustedResources(record, kind.type)) {
      const label = resourceLabel(raw, kind.type);
      const r = asObject(raw);
      if (!r) {
        dq.add(raw, kind.type, 'not a JSON object');
        unreadable.push(label);
        continue;
      }
      const standing = kind.standing(r);
      if (standing === 'ignored') continue;
      const source = drugSource(r, record);
      if (source.kind !== 'drug') {
        dq.add(
          r,
          kind.type,
          source.kind === 'unresolved' ? 'medication reference could not be resolved' : source.problem,
        );
        unreadable.push(label);
        continue;
      }
      const match = matchDrug(valueSets, source, allowed);
      const ids = wanted ? match.ids.filter((id) => wanted.has(id)) : match.ids;
      if (ids.length === 0) continue;
      const start = readPastDate(kind.start(r), now);
      if (start === 'invalid') dq.add(r, kind.type, 'unreadable start date');
      const titles = match.ids.map((id) => valueSets.all.get(id)?.title ?? id).join(', ');
      const evidence: Evidence = {
        resourceType: kind.type,
        id: resourceId(r),
        ...(typeof start === 'object' ? { date: start.text } : {}),
        display: `${match.label} (${titles})`,
        confidence: match.confidence,
      };
      if (standing === 'counts') {
        uses.push({ evidence, ids, start, dosages: r[kind.dosage] });
      } else {
        dq.add(r, kind.type, 'status or intent unreadable');
        doubtful.push({ ids, label, evidence });
      }
    }
  }
  const unproven = absenceUnproven(record, ['MedicationRequest', 'MedicationStatement']);
  return unproven === undefined ? { uses, doubtful, unreadable } : { uses, doubtful, unreadable, unproven };
}
