import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { DEFAULT_RULES_DIR } from '../config/project-paths.js';
import { computePatientFacts } from '../facts/compute-facts.js';
import { recordFromResources } from '../fhir/record-from-resources.js';
import { ALL_FIXTURES } from '../sandbox/patients/index.js';
import { loadServices } from '../services/load-services.js';

/*
 * Records as hospitals word them, each a firing fixture with one thing changed the way a
 * clinical reviewer found in real charts: a negated ultrasound conclusion, a correction scale
 * written in words, a result inside a report entered in error, a French diagnosis under a local
 * code... None of them may make a card fire; a positive control beside each shows the fixture
 * still fires when the wording says what it seems to.
 */

const NOW = new Date('2026-11-22T10:00:00Z');
const rules = loadServices(DEFAULT_RULES_DIR);
type Json = Record<string, unknown>;

/** The card keys every service gives for a fixture after an edit of its resources. */
async function cardsAfter(fixtureId: string, edit: (list: Json[]) => void): Promise<string[]> {
  const fixture = ALL_FIXTURES.find((f) => f.id === fixtureId)!;
  const list = structuredClone(fixture.resources(NOW)) as unknown as Json[];
  edit(list);
  const record = recordFromResources(fixtureId, list as unknown as FhirResource[]);
  const keys: string[] = [];
  for (const service of rules.services) {
    const facts = computePatientFacts(record, rules.valueSets, {
      now: NOW,
      alcoholGramsPerDrink: 10,
      scope: service.factScope,
    });
    for (const p of await service.evaluate({ patientId: fixtureId, facts, record, now: NOW })) keys.push(p.key);
  }
  return keys;
}

const byId = (list: Json[], id: string) => list.find((r) => r.id === id)!;
const dosage = (r: Json) => (r.dosageInstruction as Json[])[0]!;
const subject = (id: string) => ({ reference: `Patient/${id}` });
const active = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] };

describe('ultrasound conclusions: a denied or unrelated echo is not steatosis', () => {
  const IMAGING = 'trial-nafld-imaging-degludec';
  const conclude = (text: string) => (list: Json[]) => {
    const report = list.find((r) => r.resourceType === 'DiagnosticReport')!;
    report.conclusion = text;
    delete report.conclusionCode;
  };

  test('the control: "Stéatose hépatique modérée" fires the trial card', async () => {
    expect(await cardsAfter(IMAGING, conclude('Stéatose hépatique modérée.'))).toContain('trial:NCT04270656');
  });

  test.each([
    'Stéatose : non.',
    'Steatosis: absent.',
    'Stéatose : absente.',
    "Pas d'argument échographique pour une stéatose hépatique.",
    "Absence d'image évocatrice de stéatose.",
    'No sonographic evidence of hepatic steatosis.',
    'Formation hyperéchogène évoquant un angiome hépatique.',
    'Kyste hyperéchogène du rein gauche.',
  ])('"%s": no trial card', async (text) => {
    expect(await cardsAfter(IMAGING, conclude(text))).not.toContain('trial:NCT04270656');
  });
});

describe('correction scales written in words are not scheduled injections', () => {
  const MAIN = 'pump-positive-main';
  const rapidText = (text: string) => (list: Json[]) => {
    dosage(byId(list, `${MAIN}-rapid`)).text = text;
  };

  test('the control: "10 units three times a day with meals" fires the pump card', async () => {
    expect(await cardsAfter(MAIN, rapidText('10 units three times a day with meals'))).toContain('pump-evaluation');
  });

  test.each([
    'Lispro SSI with meals',
    'per low-dose scale with meals',
    'per BG: 150-200 give 2 units, 201-250 give 4 units',
    'based on blood glucose before meals',
    'en fonction de la glycémie avant les repas',
    'si glycémie > 2 g/L : 4 UI',
    'adapter selon dextros',
    'selon HGT',
    'suivant glycémie capillaire',
    'selon schéma',
    // Found in a review of hospital orders (2026-12-05, evening).
    'en fonction du dextro',
    'selon le dextro avant chaque repas',
    'selon ASG',
    "d'après la glycémie capillaire",
    'selon tableau de correction',
    'insuline corrective aux repas',
    'selon résultat glycémie capillaire',
    'per POCT glucose with meals',
    'per capillary glucose',
    'per glucose reading before meals',
    'per meter reading AC',
    'NovoRapid selon tableau',
    'per hyperglycemia algorithm',
  ])('"%s": no pump card', async (text) => {
    expect(await cardsAfter(MAIN, rapidText(text))).not.toContain('pump-evaluation');
  });

  // Titrations and carbohydrate counting name a reading too, but the dose is scheduled.
  test.each([
    'Adjust per glucose log at next visit',
    'Check BG per meter instructions',
    'dose à revoir selon résultat HbA1c',
    'selon tableau glucides (insulinothérapie fonctionnelle)',
    'pas de dose corrective',
    'titrate by 1 unit every 3 days per glucose readings (goal < 180 after meals)',
    'selon tableau glucidique',
  ])('"%s" with a dose at each meal: the pump card still fires', async (text) => {
    expect(await cardsAfter(MAIN, rapidText(`10 units three times a day with meals. ${text}`))).toContain(
      'pump-evaluation',
    );
  });

  test('a sliding scale said in additionalInstruction: no pump card', async () => {
    const cards = await cardsAfter(MAIN, (list) => {
      dosage(byId(list, `${MAIN}-rapid`)).additionalInstruction = [{ text: 'Sliding scale' }];
    });
    expect(cards).not.toContain('pump-evaluation');
  });
});

describe('results and reports that are not results yet', () => {
  test.each(['entered-in-error', 'cancelled', 'preliminary', 'partial'])(
    'an HbA1c of 9.5 %% inside a report with status %s does not replace a final 7.4 %%',
    async (status) => {
      const id = 'pump-negative-hba1c-7-4';
      const cards = await cardsAfter(id, (list) =>
        list.push({
          resourceType: 'DiagnosticReport',
          id: `${id}-report`,
          status,
          code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
          subject: subject(id),
          effectiveDateTime: '2026-11-20T08:00:00Z',
          contained: [
            {
              resourceType: 'Observation',
              id: 'a1c',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
              effectiveDateTime: '2026-11-20T08:00:00Z',
              valueQuantity: { value: 9.5, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
            },
          ],
          result: [{ reference: '#a1c' }],
        }),
      );
      expect(cards).not.toContain('pump-evaluation');
    },
  );
});

describe('French diagnoses under a local code', () => {
  const MATCH = 'trial-nafld-full-match';
  const localCondition = (text: string) => (list: Json[]) =>
    list.push({
      resourceType: 'Condition',
      id: `${MATCH}-local`,
      clinicalStatus: active,
      code: { coding: [{ system: 'http://chu-exemple.fr/codes', code: 'K-123' }], text },
      subject: subject(MATCH),
    });

  test.each(['Cirrhose hépatique', 'Hépatite C chronique', 'Hémochromatose', 'Carcinome hépatocellulaire'])(
    '"%s": the exclusion is met, no trial card',
    async (text) => {
      expect(await cardsAfter(MATCH, localCondition(text))).not.toContain('trial:NCT04270656');
    },
  );

  test.each(['Diabète insulinoprive', 'Diabète type I', 'Diabète auto-immun'])(
    '"%s" beside a type 2 diabetes: no pump card',
    async (text) => {
      expect(await cardsAfter('pump-positive-main', localCondition(text))).not.toContain('pump-evaluation');
    },
  );
});

describe('insulin regimens as orders record them', () => {
  const MAIN = 'pump-positive-main';

  test('a lispro order and an aspart statement both at lunch are one injection: no pump card', async () => {
    const cards = await cardsAfter(MAIN, (list) => {
      const rapid = byId(list, `${MAIN}-rapid`);
      dosage(rapid).timing = { repeat: { when: ['ACD'] } };
      list.push({
        resourceType: 'MedicationStatement',
        id: `${MAIN}-home-aspart`,
        status: 'active',
        medicationCodeableConcept: {
          coding: [{ system: 'http://www.whocc.no/atc', code: 'A10AB05' }],
          text: 'NovoRapid',
        },
        subject: subject(MAIN),
        effectivePeriod: { start: '2025-06-01' },
        dosage: [{ text: 'midi', timing: { repeat: { when: ['ACD'] } } }],
      });
    });
    expect(cards).not.toContain('pump-evaluation');
  });

  test('a dinner dose added 10 days ago to a breakfast dose of a year: MDI too recent, no pump card', async () => {
    const cards = await cardsAfter(MAIN, (list) => {
      const rapid = byId(list, `${MAIN}-rapid`);
      dosage(rapid).timing = { repeat: { when: ['ACM'] } };
      list.push({ ...structuredClone(rapid), id: `${MAIN}-rapid-dinner`, authoredOn: '2026-11-12' });
      dosage(byId(list, `${MAIN}-rapid-dinner`)).timing = { repeat: { when: ['ACV'] } };
    });
    expect(cards).not.toContain('pump-evaluation');
  });

  test('a LADA marked resolved still blocks the pump card (type 1 diabetes is lifelong)', async () => {
    const cards = await cardsAfter(MAIN, (list) =>
      list.push({
        resourceType: 'Condition',
        id: `${MAIN}-lada`,
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }],
        },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '426875007' }] },
        subject: subject(MAIN),
      }),
    );
    expect(cards).not.toContain('pump-evaluation');
  });

  test.each([
    'Pompe à insuline : débit de base 0,8 UI/h, bolus 6 UI aux 3 repas',
    'via insulin pump: basal 1.2 units/hr, bolus with meals',
  ])('a pump described in the dosing words ("%s"): no pump card', async (text) => {
    const cards = await cardsAfter(MAIN, (list) => {
      const d = dosage(byId(list, `${MAIN}-rapid`));
      d.text = text;
      delete d.timing;
    });
    expect(cards).not.toContain('pump-evaluation');
  });

  test.each<[string, Json]>([
    ['3 occurrences once a day', { count: 3, frequency: 1, period: 1, periodUnit: 'd' }],
    [
      'boundsDuration 3 days written without a UCUM code',
      { boundsDuration: { value: 3, unit: 'day' }, frequency: 3, period: 1, periodUnit: 'd' },
    ],
    [
      'boundsRange up to 3 days',
      {
        boundsRange: { low: { value: 0, unit: 'd' }, high: { value: 3, code: 'd' } },
        frequency: 3,
        period: 1,
        periodUnit: 'd',
      },
    ],
  ])('an order that finished long ago (%s) is not current: no pump card', async (_what, repeat) => {
    const cards = await cardsAfter(MAIN, (list) => {
      dosage(byId(list, `${MAIN}-rapid`)).timing = { repeat };
    });
    expect(cards).not.toContain('pump-evaluation');
  });
});

describe('dates that lie ahead', () => {
  test.each(['2027-03-01', '2062-10-11'])(
    'a type 1 diabetes onset dated %s (a typo) is not a recent onset: no NCT05153070 card',
    async (onset) => {
      const id = 'trial-t1d-two-years';
      const cards = await cardsAfter(id, (list) => {
        for (const r of list) if (r.resourceType === 'Condition' && 'onsetDateTime' in r) r.onsetDateTime = onset;
      });
      expect(cards).not.toContain('trial:NCT05153070');
    },
  );
});
