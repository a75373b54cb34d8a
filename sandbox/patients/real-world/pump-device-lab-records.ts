import type { DiagnosticReport, Observation } from 'fhir/r4.js';
import type { FixturePatient } from '../fixture.js';
import { codeable, coding } from './coding-styles.js';
import {
  drug,
  dx,
  FR_DX,
  FR_RX,
  frDose,
  frRecord,
  hba1cResult,
  labReport,
  order,
  pumpCard,
  record,
  rwDevice,
  rwDeviceUse,
  rwProcedure,
  STANDARD_EVIDENCE,
  US_DEFAULT,
  usRecord,
} from './pump-builders.js';

/*
 * Real-world pump-card records about pumps recorded somewhere other than a coded pump Device,
 * and about HbA1c results as laboratory systems send them (amended, preliminary, text values,
 * inside reports, two at the same instant). Each is the default positive of its style with
 * devices or HbA1c results changed.
 */

// ---------------------------------------------------------------------------------------------
// Pump recorded elsewhere
// ---------------------------------------------------------------------------------------------

const libreCgm = record({
  id: 'rw-fr-pompe-capteur-libre',
  title: 'FreeStyle Libre 2 sensor in use (Device + DeviceUseStatement) and a CPAP machine: no pump, card fires',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Ghislaine'], family: 'Capteur-Exemple', gender: 'female', age: 57, daysSinceBirthday: 77 },
      {
        extra: [
          rwDevice(ctx, 'libre', {
            status: 'active',
            name: 'FreeStyle Libre 2',
            manufacturer: 'Abbott',
            type: { text: 'Capteur de glucose en continu' },
          }),
          rwDeviceUse(ctx, 'libre-usage', {
            status: 'active',
            device: { reference: `Device/${ctx.patientId}-libre`, display: 'FreeStyle Libre 2' },
            startDaysAgo: 380,
          }),
          dx(ctx, 'apnees', { code: FR_DX.apnees, onsetDaysAgo: 1400 }),
          rwDevice(ctx, 'ppc', { status: 'active', name: 'PPC ResMed AirSense 10', manufacturer: 'ResMed' }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-pompe-capteur-libre', 8.7, STANDARD_EVIDENCE),
});

const pumpStopped = record({
  id: 'rw-us-pump-stopped-back-to-mdi',
  title: 'A t:slim X2 pump stopped 400 days ago (Device inactive, use completed), back on MDI with a Dexcom G7',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Rebecca'], family: 'Example-Former-Pump', gender: 'female', age: 49, daysSinceBirthday: 214 },
      {
        extra: [
          rwDevice(ctx, 'tslim', {
            status: 'inactive',
            name: 't:slim X2 insulin pump',
            manufacturer: 'Tandem Diabetes Care',
            type: codeable([coding('snomed', '69805005', 'Insulin pump, device')], 'Insulin pump'),
          }),
          rwDeviceUse(ctx, 'tslim-use', {
            status: 'completed',
            device: { reference: `Device/${ctx.patientId}-tslim`, display: 't:slim X2' },
            startDaysAgo: 1200,
            endDaysAgo: 400,
          }),
          rwDevice(ctx, 'dexcom', {
            status: 'active',
            name: 'Dexcom G7',
            manufacturer: 'Dexcom',
            type: codeable(
              [coding('snomed', '700585005', 'Invasive interstitial-fluid glucose monitoring system')],
              'Continuous glucose monitor',
            ),
          }),
        ],
      },
    ),
  pump: pumpCard('rw-us-pump-stopped-back-to-mdi', 9.1, STANDARD_EVIDENCE),
});

const minimedByName = record({
  id: 'rw-fr-pompe-minimed-sans-type',
  title: 'Device named "MiniMed 780G" with no type code; the old NovoRapid prescription is still active',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Alain'], family: 'Pompe-Exemple', gender: 'male', age: 53, daysSinceBirthday: 12 },
      {
        extra: [rwDevice(ctx, 'minimed', { status: 'active', name: 'MiniMed 780G', manufacturer: 'Medtronic' })],
      },
    ),
  pump: null,
});

const insertionProcedure = record({
  id: 'rw-us-pump-insertion-procedure',
  title: 'Insulin pump inserted 8 months ago (Procedure SNOMED 443263006), no Device on file, MDI orders still active',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Jeffrey'], family: 'Example-Insertion', gender: 'male', age: 46, daysSinceBirthday: 90 },
      {
        extra: [
          rwProcedure(ctx, 'pump-start', {
            code: codeable([coding('snomed', '443263006', 'Insertion of insulin pump')], 'Insulin pump start'),
            status: 'completed',
            performedDaysAgo: 240,
          }),
        ],
      },
    ),
  pump: null,
});

const omnipodUse = record({
  id: 'rw-us-pump-omnipod-dus',
  title: 'Active DeviceUseStatement of an "Omnipod 5" whose Device resource is not in the record',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Sandra'], family: 'Example-Pod', gender: 'female', age: 51, daysSinceBirthday: 300 },
      {
        extra: [
          rwDeviceUse(ctx, 'omnipod-use', {
            status: 'active',
            device: { reference: `Device/${ctx.patientId}-omnipod`, display: 'Omnipod 5 Pod' },
            startDaysAgo: 150,
          }),
        ],
      },
    ),
  pump: null,
});

const z9641 = record({
  id: 'rw-us-pump-problem-list-z9641',
  title: 'Problem list says "Presence of insulin pump" (ICD-10-CM Z96.41); the MDI orders were never discontinued',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Anthony'], family: 'Example-Status', gender: 'male', age: 60, daysSinceBirthday: 45 },
      {
        extra: [
          dx(ctx, 'pump-status', {
            code: codeable(
              [coding('icd10cm', 'Z96.41', 'Presence of insulin pump (external) (internal)')],
              'Insulin pump in place',
            ),
            onsetDaysAgo: 200,
          }),
        ],
      },
    ),
  pump: null,
});

const rateUiH = record({
  id: 'rw-fr-pompe-debit-ui-h',
  title: 'NovoRapid prescribed as a basal rate "0,9 UI/h" plus meal boluses: a pump',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Catherine'], family: 'Debit-Exemple', gender: 'female', age: 55, daysSinceBirthday: 160 },
      {
        rapid: [
          order(ctx, 'fr', 'rapid', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 120,
            dosage: [
              {
                text: 'Débit de base 0,9 UI/h (pompe)',
                doseAndRate: [
                  {
                    rateQuantity: {
                      value: 0.9,
                      unit: 'UI/h',
                      system: 'http://unitsofmeasure.org',
                      code: '[iU]/h',
                    },
                  },
                ],
              },
              ...frDose.meals(6, 8, 6).map((d) => ({ ...d, text: `Bolus : ${d.text ?? ''}` })),
            ],
          }),
        ],
      },
    ),
  pump: null,
});

const rateUiHNoUcum = record({
  id: 'rw-fr-pompe-debit-ui-h-sans-ucum',
  title:
    'Lantus and NovoRapid at each meal, and a separate NovoRapid order "0,8 UI/h" whose rate has no UCUM code: a pump, no card',
  rule: 'pump recorded elsewhere',
  style: 'fr',
  case: 'does-not-fire',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Martine'], family: 'Debit-Exemple', gender: 'female', age: 59, daysSinceBirthday: 240 },
      {
        extra: [
          order(ctx, 'fr', 'pompe', {
            med: drug(FR_RX.novorapid),
            authoredDaysAgo: 90,
            // The interface sends the structured rate alone, without the prescription's text.
            dosage: [{ doseAndRate: [{ rateQuantity: { value: 0.8, unit: 'UI/h' } }] }],
          }),
        ],
      },
    ),
  pump: null,
});

const unknownDevice = record({
  id: 'rw-us-pump-unknown-device',
  title: 'An active Device typed only by a local equipment code (no display, no name): a pump cannot be ruled out',
  rule: 'pump recorded elsewhere',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Nancy'], family: 'Example-Dme', gender: 'female', age: 62, daysSinceBirthday: 5 },
      {
        extra: [
          rwDevice(ctx, 'dme', {
            status: 'active',
            type: { coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.698084', code: '4471' }] },
          }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Laboratory status and text values
// ---------------------------------------------------------------------------------------------

const amended = record({
  id: 'rw-fr-labo-resultat-corrige',
  title: 'HbA1c first validated 7,6 %, then corrected to 8,4 % (amended, same sample): the correction counts',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Simone'], family: 'Correction-Exemple', gender: 'female', age: 63, daysSinceBirthday: 80 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c-initial', { value: 7.6, daysAgo: 12 }),
          hba1cResult(ctx, 'fr', 'hba1c', {
            value: 8.4,
            daysAgo: 12,
            status: 'amended',
            note: 'Résultat corrigé : erreur de transcription du premier compte rendu',
          }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 8.8, daysAgo: 130 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-labo-resultat-corrige', 8.4, STANDARD_EVIDENCE, {
    detailExcludes: ['rw-fr-labo-resultat-corrige-hba1c-initial'],
  }),
});

const preliminaryNewest = record({
  id: 'rw-us-lab-preliminary-newest',
  title:
    'Newest HbA1c 7.1% is preliminary (point of care, not yet verified) after a final 8.7% 40 days ago: the latest is unknown, no card',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Richard'], family: 'Example-Preliminary', gender: 'male', age: 58, daysSinceBirthday: 33 },
      {
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c-poc', { value: 7.1, daysAgo: 1, status: 'preliminary' }),
          hba1cResult(ctx, 'us', 'hba1c', { value: 8.7, daysAgo: 40 }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.2, daysAgo: 160 }),
        ],
      },
    ),
  pump: null,
});

const valueStringPercent = record({
  id: 'rw-fr-labo-valeur-texte-pourcent',
  title: 'HbA1c sent as valueString "8,6 %" (decimal comma and unit): read from the text',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Henri'], family: 'Valeur-Texte', gender: 'male', age: 68, daysSinceBirthday: 220 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { valueString: '8,6 %', daysAgo: 20 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 9.0, daysAgo: 115 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-labo-valeur-texte-pourcent', 8.6, STANDARD_EVIDENCE),
});

/** The result as a laboratory sends a value beyond its assay's range: the bound, with a comparator. */
function reportedAsBound(o: Observation, comparator: '>' | '<'): Observation {
  return { ...o, valueQuantity: { ...o.valueQuantity, comparator } };
}

const aboveAssayRange = record({
  id: 'rw-us-lab-hba1c-above-assay-range',
  title:
    'HbA1c reported as "> 14.0 %" (a comparator: beyond the assay\'s range): at least 8 %, the card fires above 12 %',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Dale'], family: 'Example-Bound', gender: 'male', age: 57, daysSinceBirthday: 77 },
      { hba1c: [reportedAsBound(hba1cResult(ctx, 'us', 'hba1c', { value: 14, daysAgo: 20 }), '>')] },
    ),
  pump: pumpCard('rw-us-lab-hba1c-above-assay-range', 14, STANDARD_EVIDENCE, {
    hba1cShown: '> 14.0',
    aboveTrialRange: true,
  }),
});

const textBoundBelow = record({
  id: 'rw-fr-labo-hba1c-texte-inferieur-9',
  title: 'HbA1c sent as the text "< 9 %": it may lie either side of 8 %, no card',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Odette'], family: 'Valeur-Texte', gender: 'female', age: 70, daysSinceBirthday: 15 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { valueString: '< 9 %', daysAgo: 20 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 9.2, daysAgo: 115 }),
        ],
      },
    ),
  pump: null,
});

function contained(o: Observation, id: string): Observation {
  const copy: Observation = { ...o, id };
  delete copy.subject;
  return copy;
}

const insideReport = record({
  id: 'rw-us-lab-hba1c-in-report',
  title: 'The latest HbA1c (9.3%) exists only as a result contained in the lab DiagnosticReport',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Joyce'], family: 'Example-Report', gender: 'female', age: 60, daysSinceBirthday: 145 },
      {
        hba1c: [
          labReport(ctx, 'us', 'a1c-report', {
            daysAgo: 18,
            code: codeable([coding('loinc', '55454-3', 'Hemoglobin A1c panel - Blood')], 'Hemoglobin A1C Panel'),
            contained: [contained(hba1cResult(ctx, 'us', 'ignored', { value: 9.3, daysAgo: 18 }), 'a1c')],
          }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.6, daysAgo: 200 }),
        ],
      },
    ),
  pump: pumpCard('rw-us-lab-hba1c-in-report', 9.3, ['t2d', 'a1c-report-a1c', 'basal', 'rapid'], {
    hba1cDaysAgo: 18,
  }),
});

const amendedLower = record({
  id: 'rw-us-lab-amended-lower',
  title: 'HbA1c 8.3% amended to 7.6% for the same specimen (wrong patient label corrected): below threshold',
  rule: 'laboratory status and text values',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Paul'], family: 'Example-Amended', gender: 'male', age: 66, daysSinceBirthday: 270 },
      {
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c-original', { value: 8.3, daysAgo: 20 }),
          hba1cResult(ctx, 'us', 'hba1c', { value: 7.6, daysAgo: 20, status: 'amended', note: 'Corrected result' }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 8.1, daysAgo: 150 }),
        ],
      },
    ),
  pump: null,
});

const valueStringNoUnit = record({
  id: 'rw-fr-labo-valeur-texte-sans-unite',
  title: 'Newest HbA1c sent as valueString "8,6" with no unit: unreadable, so the latest HbA1c is unknown',
  rule: 'laboratory status and text values',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Mauricette'], family: 'Sans-Unite', gender: 'female', age: 71, daysSinceBirthday: 9 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { valueString: '8,6', daysAgo: 10 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 9.1, daysAgo: 100 }),
        ],
      },
    ),
  pump: null,
});

// ---------------------------------------------------------------------------------------------
// Same-time results that disagree
// ---------------------------------------------------------------------------------------------

const straddle = record({
  id: 'rw-fr-meme-heure-7-8-et-8-4',
  title: 'Same sample measured twice (HPLC 7,8 %, immunoassay 8,4 %), same instant: the 8 % threshold is undecided',
  rule: 'same-time results that disagree',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gérard'], family: 'Deux-Automates', gender: 'male', age: 64, daysSinceBirthday: 66 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c-hplc', { value: 7.8, loinc: '17856-6', daysAgo: 15 }),
          hba1cResult(ctx, 'fr', 'hba1c', { value: 8.4, daysAgo: 15 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 8.9, daysAgo: 120 }),
        ],
      },
    ),
  pump: null,
});

const bothAbove = record({
  id: 'rw-us-same-time-8-2-and-8-6',
  title: 'Two HbA1c results at the same instant, 8.2% and 8.6% (HPLC): both above 8%, card fires',
  rule: 'same-time results that disagree',
  style: 'us',
  case: 'fires',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Cynthia'], family: 'Example-Duplicate-Lab', gender: 'female', age: 59, daysSinceBirthday: 100 },
      {
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c', { value: 8.2, daysAgo: 22 }),
          hba1cResult(ctx, 'us', 'hba1c-hplc', { value: 8.6, loinc: '17856-6', daysAgo: 22 }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.0, daysAgo: 170 }),
        ],
      },
    ),
  // The summary quotes one HbA1c (test/support/card-expectations.ts): the lower of the two, which decides.
  pump: pumpCard('rw-us-same-time-8-2-and-8-6', 8.2, ['t2d', 'hba1c', 'hba1c-hplc', 'basal', 'rapid'], {
    hba1cDaysAgo: 22,
    // Both results are on file and both meet the threshold: the card quotes what they say.
    hba1cShown: '8.2-8.6',
  }),
});

const twoUnits = record({
  id: 'rw-fr-meme-heure-deux-unites',
  title: 'The lab reports one HbA1c in both units at the same instant: 8,1 % and 65 mmol/mol (they agree)',
  rule: 'same-time results that disagree',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Viviane'], family: 'Deux-Unites', gender: 'female', age: 61, daysSinceBirthday: 190 },
      {
        hba1c: [
          hba1cResult(ctx, 'fr', 'hba1c', { value: 8.1, daysAgo: 28 }),
          hba1cResult(ctx, 'fr', 'hba1c-ifcc', { value: 65, loinc: '59261-8', daysAgo: 28 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 8.5, daysAgo: 150 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-meme-heure-deux-unites', 8.1, ['t2d', 'hba1c', 'hba1c-ifcc', 'basal', 'rapid'], {
    hba1cDaysAgo: 28,
  }),
});

const bothBelow = record({
  id: 'rw-us-same-time-both-below',
  title: 'Two HbA1c results at the same instant, 7.4% and 7.9%: both below 8%, no card',
  rule: 'same-time results that disagree',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Gregory'], family: 'Example-Both-Below', gender: 'male', age: 63, daysSinceBirthday: 240 },
      {
        hba1c: [
          hba1cResult(ctx, 'us', 'hba1c', { value: 7.4, daysAgo: 26 }),
          hba1cResult(ctx, 'us', 'hba1c-hplc', { value: 7.9, loinc: '17856-6', daysAgo: 26 }),
          ...US_DEFAULT.hba1c(ctx).slice(1),
        ],
      },
    ),
  pump: null,
});

/**
 * An HbA1c-like result under a laboratory's local code only, as its report carries it (contained
 * `#a1c`): the prefetch fetches Observations by the value sets' codes, so a locally coded result
 * reaches the service inside the patient's reports, which are fetched whole.
 */
function localA1cReport(
  ctx: Parameters<typeof hba1cResult>[0],
  style: 'fr' | 'us',
  o: { text: string; value: number; daysAgo: number },
): DiagnosticReport[] {
  const result: Observation = {
    ...contained(hba1cResult(ctx, style, 'ignored', { value: o.value, daysAgo: o.daysAgo }), 'a1c'),
    code: codeable([coding('local', 'GLYC-01', o.text)], o.text),
  };
  return [
    labReport(ctx, style, 'a1c-report', {
      daysAgo: o.daysAgo,
      code: codeable([coding('local', 'BIO-GLYC', o.text)], style === 'fr' ? 'Biochimie' : 'Chemistry'),
      contained: [result],
    }),
  ];
}

const hgbA1cNewer = record({
  id: 'rw-us-lab-hgba1c-local-newer-6-9',
  title: 'Newest result "HgbA1c" 6.9 % under a local code, after a LOINC HbA1c 9.4 %: the newer one decides, no card',
  rule: 'HbA1c named by its code, not its words',
  style: 'us',
  case: 'does-not-fire',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Wanda'], family: 'Example-Hgb', gender: 'female', age: 62, daysSinceBirthday: 40 },
      {
        hba1c: [
          ...localA1cReport(ctx, 'us', { text: 'HgbA1c', value: 6.9, daysAgo: 10 }),
          hba1cResult(ctx, 'us', 'hba1c-prior', { value: 9.4, daysAgo: 100 }),
        ],
      },
    ),
  pump: null,
});

const hbGlyqueeLocal = record({
  id: 'rw-fr-labo-hb-glyquee-locale-8-9',
  title: 'Dernier résultat « Hb glyquée » 8,9 % sous un code local du laboratoire : lu comme une HbA1c, la carte sort',
  rule: 'HbA1c named by its code, not its words',
  style: 'fr',
  case: 'fires',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Gisèle'], family: 'Code-Local', gender: 'female', age: 64, daysSinceBirthday: 120 },
      {
        hba1c: [
          ...localA1cReport(ctx, 'fr', { text: 'Hb glyquée', value: 8.9, daysAgo: 15 }),
          hba1cResult(ctx, 'fr', 'hba1c-prec', { value: 7.4, daysAgo: 100 }),
        ],
      },
    ),
  pump: pumpCard('rw-fr-labo-hb-glyquee-locale-8-9', 8.9, ['t2d', 'a1c-report-a1c', 'basal', 'rapid'], {
    hba1cDaysAgo: 15,
  }),
});

const hba1TotaleLocal = record({
  id: 'rw-fr-labo-hba1-totale-seule',
  title:
    "Seul résultat : « Hémoglobine glyquée totale (HbA1) » 9,5 %, qui n'est pas l'HbA1c : HbA1c inconnue, pas de carte",
  rule: 'HbA1c named by its code, not its words',
  style: 'fr',
  case: 'unknown',
  resources: (ctx) =>
    frRecord(
      ctx,
      { given: ['Roger'], family: 'Glyquee-Totale', gender: 'male', age: 66, daysSinceBirthday: 300 },
      { hba1c: localA1cReport(ctx, 'fr', { text: 'Hémoglobine glyquée totale (HbA1)', value: 9.5, daysAgo: 15 }) },
    ),
  pump: null,
});

const loinc4547Only = record({
  id: 'rw-us-lab-loinc-4547-6-hba1-total',
  title: 'Only result LOINC 4547-6 "Glycated hemoglobin A1 (total)" 9.6 %: HbA1 total is not HbA1c, no card',
  rule: 'HbA1c named by its code, not its words',
  style: 'us',
  case: 'unknown',
  resources: (ctx) =>
    usRecord(
      ctx,
      { given: ['Harold'], family: 'Example-Total', gender: 'male', age: 59, daysSinceBirthday: 12 },
      {
        hba1c: [
          {
            ...hba1cResult(ctx, 'us', 'a1-total', { value: 9.6, daysAgo: 20 }),
            code: codeable(
              [coding('loinc', '4547-6', 'Hemoglobin A1/Hemoglobin.total in Blood')],
              'Glycated hemoglobin A1 (total)',
            ),
          },
        ],
      },
    ),
  pump: null,
});

/** Pump-elsewhere and laboratory records. */
export const PUMP_DEVICE_LAB_RECORDS: readonly FixturePatient[] = [
  libreCgm,
  pumpStopped,
  minimedByName,
  insertionProcedure,
  omnipodUse,
  z9641,
  rateUiH,
  rateUiHNoUcum,
  unknownDevice,
  amended,
  preliminaryNewest,
  valueStringPercent,
  aboveAssayRange,
  textBoundBelow,
  insideReport,
  amendedLower,
  valueStringNoUnit,
  straddle,
  bothAbove,
  twoUnits,
  bothBelow,
  hgbA1cNewer,
  hbGlyqueeLocal,
  hba1TotaleLocal,
  loinc4547Only,
];
