/**
 * The EHR simulator page: lists the sandbox patients; opening a chart fires patient-view at
 * every service in discovery and shows the cards; accepting or dismissing a card sends
 * feedback; cards held back by earlier feedback are listed as suppressed. The chart's order
 * panel (order-panel.js) fires order-select and order-sign the same way.
 */
import { el, renderCard, sortCards } from './card-view.js';
import { mountDemoReset } from './demo-reset.js';
import { logCall } from './dev-panel.js';
import { EhrClient, pageParams } from './ehr-client.js';
import { mountOrderPanel } from './order-panel.js';
import { launchSmartLink } from './smart-launch.js';
import { applyPageWords, formatDay, formatNumber, t, useMessages } from './i18n.js';

/** The response extension listing cards held back by earlier feedback (hooks/invoke.ts). */
const SUPPRESSED_EXTENSION = 'org.diabetes-cds-hooks.suppressed';

const $ = (id) => document.getElementById(id);

const state = {
  setup: undefined,
  client: undefined,
  services: undefined,
  patients: [],
  patientId: undefined,
  firing: 0,
  /** The order panel (static/order-panel.js): open(patientId) when a chart opens, close() when none is. */
  orders: { open: () => undefined, close: () => undefined },
};

function yesNo(value) {
  return t(value === true ? 'ehr.patient.yes' : value === false ? 'ehr.patient.no' : 'ehr.patient.unknown');
}

const SEXES = new Set(['male', 'female', 'other']);

function ageText(age) {
  return age !== null && age !== undefined ? t('ehr.patient.age', { age }) : t('ehr.patient.ageUnknown');
}

function patientItem(p) {
  const button = el('button', { type: 'button', className: 'patient-open', 'data-patient-id': p.id, text: p.name });
  button.addEventListener('click', () => void openChart(p.id));
  const sex = t(SEXES.has(p.gender) ? `ehr.patient.sex.${p.gender}` : 'ehr.patient.sex.unknown');
  const meta = [ageText(p.age), sex].join(' · ');
  const hba1c = p.hba1c
    ? t('ehr.patient.hba1cValue', { percent: formatNumber(p.hba1c.percent, 1), date: formatDay(p.hba1c.date) })
    : t('ehr.patient.hba1cNone');
  const finding = (term, value) => el('div', {}, el('dt', { text: term }), el('dd', { text: value }));
  return el(
    'li',
    { className: 'patient-item', 'data-patient-id': p.id },
    button,
    el('span', { className: 'patient-meta', text: meta }),
    el('span', { className: 'patient-id', text: p.id }),
    el(
      'dl',
      { className: 'findings' },
      finding(t('ehr.patient.t2d'), yesNo(p.t2d)),
      finding(t('ehr.patient.insulin'), p.insulin),
      finding(t('ehr.patient.hba1c'), hba1c),
      finding(t('ehr.patient.nafld'), yesNo(p.nafld)),
    ),
  );
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  return res.json();
}

function reasonText(code) {
  if (code === 'accepted') return t('ehr.notice.accepted');
  return state.setup.reasonDisplays?.[code] ?? code;
}

function suppressedLabel(key, service) {
  if (key.startsWith('trial:')) return t('ehr.notice.trialReferral', { trial: key.slice('trial:'.length) });
  return service.title ?? key;
}

function serviceNotices(results) {
  const notices = [];
  const held = el('ul', { className: 'suppressed-list' });
  for (const { service, result } of results) {
    if (result.error || result.status !== 200) {
      const why =
        result.error ??
        t('ehr.notice.http', {
          status: result.status,
          detail: result.body?.issue?.[0]?.diagnostics ?? t('ehr.notice.noDetails'),
        });
      notices.push(
        el('p', {
          className: 'notice notice--error',
          text: t('ehr.notice.failed', { service: service.title ?? service.id, why }),
        }),
      );
      continue;
    }
    const suppressed = result.body?.extension?.[SUPPRESSED_EXTENSION];
    if (!Array.isArray(suppressed)) continue;
    for (const s of suppressed) {
      held.append(
        el('li', {
          className: 'suppressed-card',
          'data-card-key': s.key,
          'data-service-id': service.id,
          text: t('ehr.notice.held', {
            card: suppressedLabel(s.key, service),
            date: formatDay(s.until),
            reason: reasonText(s.reason),
          }),
        }),
      );
    }
  }
  if (held.children.length > 0) {
    notices.push(
      el('div', { className: 'notice notice--suppressed' }, el('h3', { text: t('ehr.notice.heldTitle') }), held),
    );
  }
  return notices;
}

function handlersFor(service, card) {
  const send = async (item, done) => {
    try {
      const { status, body } = await state.client.feedback(service.id, item);
      if (status === 200) return { ok: true, message: t('ehr.feedback.stored', { done }) };
      const detail = body?.issue?.[0]?.diagnostics ?? '';
      return { ok: false, message: t('ehr.feedback.refused', { status, detail }).trim() };
    } catch (e) {
      return { ok: false, message: t('ehr.feedback.notSent', { error: e.message }) };
    }
  };
  return {
    launch: (link) => launchSmartLink(state.setup.fhirServer, state.patientId, link),
    accept: (suggestion) =>
      send(
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestion.uuid }],
          outcomeTimestamp: new Date().toISOString(),
        },
        t('ehr.feedback.acceptedDone'),
      ),
    dismiss: (reason) =>
      send(
        {
          card: card.uuid,
          outcome: 'overridden',
          ...(reason ? { overrideReason: { reason } } : {}),
          outcomeTimestamp: new Date().toISOString(),
        },
        reason
          ? t('ehr.feedback.dismissedReason', { reason: reason.display ?? reason.code })
          : t('ehr.feedback.dismissed'),
      ),
  };
}

/**
 * Calls every discovered service whose hook is `hook` with `call(service)` (a method of the
 * client); resolves to [{service, result}], a failed call's result being {error}.
 */
async function callHook(hook, call) {
  state.services ??= await state.client.discover();
  const services = state.services.filter((s) => s.hook === hook);
  return Promise.all(
    services.map(async (service) => {
      try {
        return { service, result: await call(service) };
      } catch (e) {
        return { service, result: { error: e.message } };
      }
    }),
  );
}

/**
 * Shows the answers of callHook: the services' notices in `notices`, their cards, most urgent
 * first, in `cards` (each with `handlers(service, card)`). Returns {cards, services, held}.
 */
function showAnswers(results, { cards, notices }, handlers = handlersFor) {
  const entries = results.flatMap(({ service, result }) =>
    result.status === 200 && Array.isArray(result.body?.cards)
      ? result.body.cards.map((card) => ({ service, card }))
      : [],
  );
  notices.replaceChildren(...serviceNotices(results));
  cards.replaceChildren(
    ...sortCards(entries).map(({ service, card }) => renderCard(card, service, handlers(service, card))),
  );
  const held = results.reduce((n, { result }) => n + (result.body?.extension?.[SUPPRESSED_EXTENSION]?.length ?? 0), 0);
  return { cards: entries.length, services: results.length, held };
}

/** Fires patient-view at every discovered service and shows the answers. */
async function fire() {
  const patientId = state.patientId;
  const run = ++state.firing;
  $('fire-again').disabled = true;
  $('chart-status').textContent = t('ehr.chart.calling');
  try {
    const results = await callHook('patient-view', (service) => state.client.callService(service, patientId));
    if (run !== state.firing) return; // another patient was opened meanwhile
    const counts = showAnswers(results, { cards: $('cards'), notices: $('service-notices') });
    // Timings are in the developer panel, one per call.
    $('chart-status').textContent = t(counts.held ? 'ehr.chart.resultHeld' : 'ehr.chart.result', counts);
  } catch (e) {
    $('chart-status').textContent = t('ehr.chart.fireFailed', { error: e.message });
  } finally {
    if (run === state.firing) $('fire-again').disabled = false;
  }
}

async function openChart(patientId) {
  const patient = state.patients.find((p) => p.id === patientId);
  if (!patient) return;
  state.patientId = patientId;
  for (const item of document.querySelectorAll('.patient-item')) {
    const selected = item.dataset.patientId === patientId;
    item.dataset.selected = String(selected);
    const button = item.querySelector('.patient-open');
    if (selected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
  $('chart-title').textContent = t('ehr.chart.title', { name: patient.name, age: patient.age ?? '?' });
  $('cards').replaceChildren();
  $('service-notices').replaceChildren();
  state.orders.open(patientId);
  await fire();
}

function showPatients(list) {
  state.patients = list.patients;
  $('patient-list').replaceChildren(...list.patients.map(patientItem));
  const counts = { count: list.patients.length, total: list.total };
  $('patients-status').textContent = t(
    list.total > list.patients.length ? 'ehr.patients.countOfTotal' : 'ehr.patients.count',
    counts,
  );
}

/** After a demo reset: the patient list again (written resources are gone), and the open chart fired again. */
async function afterReset() {
  showPatients(await getJson('/sandbox-ehr/patients'));
  if (state.patientId && state.patients.some((p) => p.id === state.patientId)) {
    await openChart(state.patientId);
  } else {
    state.patientId = undefined;
    state.firing++;
    $('chart-title').textContent = t('ehr.chart.choose');
    $('cards').replaceChildren();
    $('service-notices').replaceChildren();
    $('fire-again').disabled = true;
    state.orders.close();
  }
}

async function start() {
  $('clear-log').addEventListener('click', () => $('call-log').replaceChildren());
  $('fire-again').addEventListener('click', () => void fire());
  try {
    const [setup, list] = await Promise.all([getJson('/sandbox-ehr/setup'), getJson('/sandbox-ehr/patients')]);
    state.setup = setup;
    useMessages(setup.locale, setup.messages);
    applyPageWords(document, setup.locale, t);
    state.client = new EhrClient(setup, (call) => logCall($('call-log'), call));
    showPatients(list);
    state.orders = mountOrderPanel({
      call: (hook, patientId, orders) =>
        callHook(hook, (service) => state.client.callOrderService(service, patientId, orders)),
      show: showAnswers,
      handlersFor,
    });
    mountDemoReset($('demo-reset'), { reset: (label) => state.client.resetDemo(label), afterReset });
    document.body.dataset.ready = 'true';
    const wanted = pageParams().get('patient');
    if (wanted) await openChart(wanted);
  } catch (e) {
    // Without setup there are no words to say it with: the key stands in, followed by the error.
    $('patients-status').textContent = state.setup
      ? t('ehr.patients.loadFailed', { error: e.message })
      : `ehr.patients.loadFailed: ${e.message}`;
  }
}

void start();
