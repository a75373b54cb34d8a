/**
 * The chart's order entry: a drug (from a short list, or typed), a dose and how many times a
 * day make a draft MedicationRequest. Adding one fires order-select (the new draft selected,
 * every draft in draftOrders) and "Sign" fires order-sign with every draft, at each discovered
 * service that answers the hook; their cards are shown under the panel. Accepting a suggestion
 * that deletes a draft removes it from the list, as an EHR applies the action.
 * https://cds-hooks.org/hooks/order-select/ and https://cds-hooks.org/hooks/order-sign/
 */
import { el } from './card-view.js';
import { uuid } from './ehr-client.js';
import { pageLocale, t } from './i18n.js';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';

/** How a dose is counted: its UCUM unit, and the message naming it (a plural on `count`). */
const DOSE_UNITS = {
  insulin: { unit: 'U', code: '[iU]', label: 'ehr.orders.unit.insulin' },
  tablet: { unit: 'tablet', code: '{tbl}', label: 'ehr.orders.unit.tablet' },
  mg: { unit: 'mg', code: 'mg', label: 'ehr.orders.unit.mg' },
  // A drug typed by name: the dose is a bare number.
  other: { label: 'ehr.orders.unit.other' },
};

/**
 * The picker's drugs: common diabetes drugs, and one that is not, with their RxNorm codes (each
 * but amlodipine is in a value set of rules/valuesets/). `dose` and `times` are filled in when
 * the drug is picked.
 */
export const ORDER_DRUGS = [
  {
    id: 'humalog-kwikpen',
    code: '1652640',
    display: '3 ML insulin lispro 100 UNT/ML Pen Injector [Humalog]',
    text: 'Humalog KwikPen 100 units/mL',
    unit: 'insulin',
    dose: 4,
    times: 3,
  },
  {
    id: 'novolog-flexpen',
    code: '1653204',
    display: '3 ML insulin aspart, human 100 UNT/ML Pen Injector [NovoLog]',
    text: 'NovoLog FlexPen 100 units/mL',
    unit: 'insulin',
    dose: 4,
    times: 3,
  },
  {
    id: 'lantus-solostar',
    code: '847232',
    display: '3 ML insulin glargine 100 UNT/ML Pen Injector [Lantus]',
    text: 'Lantus SoloStar 100 units/mL',
    unit: 'insulin',
    dose: 10,
    times: 1,
  },
  {
    id: 'glimepiride',
    code: '199246',
    display: 'glimepiride 2 MG Oral Tablet',
    text: 'glimepiride 2 mg tablet',
    unit: 'tablet',
    dose: 1,
    times: 1,
  },
  {
    id: 'pioglitazone',
    code: '312440',
    display: 'pioglitazone 30 MG Oral Tablet',
    text: 'pioglitazone 30 mg tablet',
    unit: 'tablet',
    dose: 1,
    times: 1,
  },
  {
    id: 'liraglutide-pen',
    code: '897122',
    display: '3 ML liraglutide 6 MG/ML Pen Injector',
    text: 'liraglutide 6 mg/mL pen (Victoza)',
    unit: 'mg',
    dose: 0.6,
    times: 1,
  },
  {
    id: 'metformin',
    code: '861007',
    display: 'metformin hydrochloride 500 MG Oral Tablet',
    text: 'metformin 500 mg tablet',
    unit: 'tablet',
    dose: 1,
    times: 2,
  },
  {
    id: 'amlodipine',
    code: '308135',
    display: 'amlodipine 10 MG Oral Tablet',
    text: 'amlodipine 10 mg tablet',
    unit: 'tablet',
    dose: 1,
    times: 1,
  },
];

const MAX_TIMES_A_DAY = 24;

/** The drug a draft names: its text, else its first coding's display. */
export function draftDrugName(draft) {
  const concept = draft.medicationCodeableConcept ?? {};
  return concept.text ?? concept.coding?.[0]?.display ?? draft.id;
}

/**
 * A draft MedicationRequest for `patientId`: `drug` one of ORDER_DRUGS, or {text} for a drug
 * typed by name (then the medication is that text alone); `dose` in the drug's unit, `times` a day.
 */
export function draftOrder({ id, patientId, drug, dose, times }) {
  const units = DOSE_UNITS[drug.unit ?? 'other'];
  const medicationCodeableConcept = drug.code
    ? { coding: [{ system: RXNORM, code: drug.code, display: drug.display }], text: drug.text }
    : { text: drug.text };
  const doseQuantity = units.unit ? { value: dose, unit: units.unit, system: UCUM, code: units.code } : { value: dose };
  const text = t('ehr.orders.sig', {
    dose: new Intl.NumberFormat(pageLocale(), { maximumFractionDigits: 3, useGrouping: false }).format(dose),
    unit: t(units.label, { count: dose }),
    times,
  });
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept,
    dosageInstruction: [
      {
        text,
        timing: { repeat: { frequency: times, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity }],
      },
    ],
  };
}

const $ = (id) => document.getElementById(id);

/**
 * Wires the order panel of index.html (#orders). `call(hook, patientId, {drafts, selections})`
 * fires the hook at every service answering it and resolves to [{service, result}];
 * `show(results, {cards, notices}, handlers)` shows them and returns {cards, services, held};
 * `handlersFor(service, card)` gives a card's feedback handlers. Returns {open(patientId), close()}.
 */
export function mountOrderPanel({ call, show, handlersFor }) {
  const panel = {
    patientId: undefined,
    drafts: [],
    count: 0,
    run: 0,
    busy: false,
  };
  const drugSelect = $('order-drug');
  const textInput = $('order-text');
  const doseInput = $('order-dose');
  const timesInput = $('order-times');
  const status = $('order-status');
  const targets = { cards: $('order-cards'), notices: $('order-notices') };

  drugSelect.replaceChildren(
    el('option', { value: '', text: t('ehr.orders.choose') }),
    ...ORDER_DRUGS.map((d) => el('option', { value: d.id, text: d.text })),
  );

  const pickedDrug = () => {
    const typed = textInput.value.trim();
    if (typed) return { text: typed };
    return ORDER_DRUGS.find((d) => d.id === drugSelect.value);
  };
  const showUnit = () => {
    const drug = pickedDrug();
    const dose = Number(doseInput.value);
    const label = DOSE_UNITS[drug?.unit ?? 'other'].label;
    $('order-dose-unit').textContent = t(label, { count: doseInput.value === '' ? 2 : dose });
  };
  // One or the other: picking a drug clears the typed name, typing a name clears the pick.
  drugSelect.addEventListener('change', () => {
    const drug = ORDER_DRUGS.find((d) => d.id === drugSelect.value);
    if (drug) {
      textInput.value = '';
      doseInput.value = String(drug.dose);
      timesInput.value = String(drug.times);
    }
    showUnit();
  });
  textInput.addEventListener('input', () => {
    if (textInput.value.trim()) drugSelect.value = '';
    showUnit();
  });
  doseInput.addEventListener('input', showUnit);

  const renderDrafts = () => {
    const list = $('draft-list');
    list.replaceChildren(
      ...panel.drafts.map((draft) => {
        const name = draftDrugName(draft);
        const remove = el('button', {
          type: 'button',
          className: 'draft-remove',
          'data-draft-id': draft.id,
          'aria-label': t('ehr.orders.removeLabel', { drug: name }),
          text: t('ehr.orders.remove'),
        });
        remove.addEventListener('click', () => {
          removeDraft(draft.id);
          // Focus stays in the list when it can, else goes back to the form.
          (list.querySelector('.draft-remove') ?? drugSelect).focus();
        });
        return el(
          'li',
          { className: 'draft-item', 'data-draft-id': draft.id },
          el(
            'span',
            { className: 'draft-text' },
            el('strong', { text: name }),
            ` · ${draft.dosageInstruction[0].text}`,
          ),
          remove,
        );
      }),
    );
    $('drafts-empty').hidden = panel.drafts.length > 0;
    $('order-sign').disabled = panel.busy || panel.drafts.length === 0;
  };

  function removeDraft(id) {
    const draft = panel.drafts.find((d) => d.id === id);
    if (!draft) return false;
    panel.drafts = panel.drafts.filter((d) => d !== draft);
    renderDrafts();
    status.textContent = t('ehr.orders.removed', { drug: draftDrugName(draft) });
    return true;
  }

  /** Applies what a suggestion does to the drafts: a `delete` of `MedicationRequest/<id>` removes that draft. */
  const applySuggestion = (suggestion) => {
    for (const action of suggestion.actions ?? []) {
      const match = /^MedicationRequest\/(.+)$/.exec(action.resourceId ?? '');
      if (action.type === 'delete' && match) removeDraft(match[1]);
    }
  };
  const orderHandlers = (service, card) => {
    const handlers = handlersFor(service, card);
    return {
      ...handlers,
      accept: (suggestion) => {
        applySuggestion(suggestion);
        return handlers.accept(suggestion);
      },
    };
  };

  const setBusy = (busy) => {
    panel.busy = busy;
    $('order-add').disabled = busy;
    $('order-sign').disabled = busy || panel.drafts.length === 0;
  };

  /** Fires `hook` with every draft (and, on order-select, `selections`) and shows the cards. */
  async function fire(hook, selections) {
    const patientId = panel.patientId;
    const run = ++panel.run;
    setBusy(true);
    status.textContent = t('ehr.orders.calling', { hook });
    try {
      const results = await call(hook, patientId, { drafts: [...panel.drafts], selections });
      if (run !== panel.run) return; // the chart changed meanwhile
      const counts = show(results, targets, orderHandlers);
      if (counts.services === 0) status.textContent = t('ehr.orders.noService', { hook });
      else status.textContent = t(counts.held ? 'ehr.orders.resultHeld' : 'ehr.orders.result', { hook, ...counts });
    } catch (e) {
      if (run === panel.run) status.textContent = t('ehr.orders.failed', { hook, error: e.message });
    } finally {
      if (run === panel.run) setBusy(false);
    }
  }

  $('order-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (panel.busy || !panel.patientId) return;
    const drug = pickedDrug();
    const dose = Number(doseInput.value);
    const times = Number(timesInput.value);
    if (!drug) {
      status.textContent = t('ehr.orders.needDrug');
      drugSelect.focus();
      return;
    }
    if (doseInput.value === '' || !(dose > 0) || !Number.isInteger(times) || times < 1 || times > MAX_TIMES_A_DAY) {
      status.textContent = t('ehr.orders.needDose');
      (doseInput.value === '' || !(dose > 0) ? doseInput : timesInput).focus();
      return;
    }
    const id = `draft-${++panel.count}-${uuid().slice(0, 8)}`;
    panel.drafts.push(draftOrder({ id, patientId: panel.patientId, drug, dose, times }));
    renderDrafts();
    void fire('order-select', [`MedicationRequest/${id}`]);
  });
  $('order-sign').addEventListener('click', () => {
    if (panel.busy || panel.drafts.length === 0) return;
    void fire('order-sign');
  });

  const clear = () => {
    panel.run++;
    panel.drafts = [];
    setBusy(false);
    renderDrafts();
    status.textContent = '';
    targets.cards.replaceChildren();
    targets.notices.replaceChildren();
  };

  showUnit();
  return {
    /** A chart was opened: an empty order panel for this patient. */
    open(patientId) {
      panel.patientId = patientId;
      clear();
      $('orders').hidden = false;
    },
    /** No chart is open: the panel is hidden. */
    close() {
      panel.patientId = undefined;
      clear();
      $('orders').hidden = true;
    },
  };
}
