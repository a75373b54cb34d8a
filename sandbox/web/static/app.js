/**
 * The EHR simulator page: lists the sandbox patients; opening a chart fires patient-view at
 * every service in discovery and shows the cards; accepting or dismissing a card sends
 * feedback; cards held back by earlier feedback are listed as suppressed.
 */
import { el, renderCard, sortCards } from './card-view.js';
import { logCall } from './dev-panel.js';
import { EhrClient, pageParams } from './ehr-client.js';

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
};

function yesNo(value) {
  return value === true ? 'yes' : value === false ? 'no' : 'unknown';
}

function patientItem(p) {
  const button = el('button', { type: 'button', className: 'patient-open', 'data-patient-id': p.id, text: p.name });
  button.addEventListener('click', () => void openChart(p.id));
  const meta = [p.age !== null ? `${p.age} y` : 'age unknown', p.gender ?? 'sex unknown'].join(' · ');
  const hba1c = p.hba1c ? `${p.hba1c.percent.toFixed(1)}% (${p.hba1c.date.slice(0, 10)})` : 'none on file';
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
      finding('T2D', yesNo(p.t2d)),
      finding('Insulin', p.insulin),
      finding('HbA1c', hba1c),
      finding('NAFLD', yesNo(p.nafld)),
    ),
  );
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  return res.json();
}

function reasonText(code) {
  if (code === 'accepted') return 'a suggestion was accepted';
  return state.setup.reasonDisplays?.[code] ?? code;
}

function suppressedLabel(key, service) {
  if (key.startsWith('trial:')) return `Referral to trial ${key.slice('trial:'.length)}`;
  return service.title ?? key;
}

function serviceNotices(results) {
  const notices = [];
  const held = el('ul', { className: 'suppressed-list' });
  for (const { service, result } of results) {
    if (result.error || result.status !== 200) {
      const why = result.error ?? `HTTP ${result.status}: ${result.body?.issue?.[0]?.diagnostics ?? 'no details'}`;
      notices.push(
        el('p', { className: 'notice notice--error', text: `${service.title ?? service.id} failed: ${why}` }),
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
          text: `${suppressedLabel(s.key, service)}: suppressed until ${String(s.until).slice(0, 10)} because ${reasonText(s.reason)}`,
        }),
      );
    }
  }
  if (held.children.length > 0) {
    notices.push(
      el('div', { className: 'notice notice--suppressed' }, el('h3', { text: 'Held back by earlier feedback' }), held),
    );
  }
  return notices;
}

function handlersFor(service, card) {
  const send = async (item, done) => {
    try {
      const { status, body } = await state.client.feedback(service.id, item);
      if (status === 200) return { ok: true, message: `${done} Feedback stored (HTTP 200).` };
      return { ok: false, message: `Feedback refused: HTTP ${status} ${body?.issue?.[0]?.diagnostics ?? ''}`.trim() };
    } catch (e) {
      return { ok: false, message: `Feedback not sent: ${e.message}` };
    }
  };
  return {
    accept: (suggestion) =>
      send(
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestion.uuid }],
          outcomeTimestamp: new Date().toISOString(),
        },
        'This is what the EHR would create.',
      ),
    dismiss: (reason) =>
      send(
        {
          card: card.uuid,
          outcome: 'overridden',
          ...(reason ? { overrideReason: { reason } } : {}),
          outcomeTimestamp: new Date().toISOString(),
        },
        `Dismissed${reason ? `: ${reason.display ?? reason.code}` : ''}.`,
      ),
  };
}

/** Fires patient-view at every discovered service and shows the answers. */
async function fire() {
  const patientId = state.patientId;
  const run = ++state.firing;
  $('fire-again').disabled = true;
  $('chart-status').textContent = 'Calling the CDS services…';
  try {
    state.services ??= await state.client.discover();
    const services = state.services.filter((s) => s.hook === 'patient-view');
    const results = await Promise.all(
      services.map(async (service) => {
        try {
          return { service, result: await state.client.callService(service, patientId) };
        } catch (e) {
          return { service, result: { error: e.message } };
        }
      }),
    );
    if (run !== state.firing) return; // another patient was opened meanwhile
    const entries = results.flatMap(({ service, result }) =>
      result.status === 200 && Array.isArray(result.body?.cards)
        ? result.body.cards.map((card) => ({ service, card }))
        : [],
    );
    $('service-notices').replaceChildren(...serviceNotices(results));
    $('cards').replaceChildren(
      ...sortCards(entries).map(({ service, card }) => renderCard(card, service, handlersFor(service, card))),
    );
    const held = results.reduce(
      (n, { result }) => n + (result.body?.extension?.[SUPPRESSED_EXTENSION]?.length ?? 0),
      0,
    );
    // Timings are in the developer panel, one per call.
    $('chart-status').textContent =
      `${entries.length} card${entries.length === 1 ? '' : 's'} from ${services.length} services` +
      `${held ? `, ${held} suppressed` : ''}.`;
  } catch (e) {
    $('chart-status').textContent = `The hook could not be fired: ${e.message}`;
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
  $('chart-title').textContent = `${patient.name}, ${patient.age ?? '?'} y`;
  $('cards').replaceChildren();
  $('service-notices').replaceChildren();
  await fire();
}

async function start() {
  $('clear-log').addEventListener('click', () => $('call-log').replaceChildren());
  $('fire-again').addEventListener('click', () => void fire());
  try {
    const [setup, list] = await Promise.all([getJson('/sandbox-ehr/setup'), getJson('/sandbox-ehr/patients')]);
    state.setup = setup;
    state.patients = list.patients;
    state.client = new EhrClient(setup, (call) => logCall($('call-log'), call));
    $('patient-list').replaceChildren(...list.patients.map(patientItem));
    const more = list.total > list.patients.length ? ` (the first ${list.patients.length} of ${list.total})` : '';
    $('patients-status').textContent = `${list.patients.length} synthetic patients${more}.`;
    document.body.dataset.ready = 'true';
    const wanted = pageParams().get('patient');
    if (wanted) await openChart(wanted);
  } catch (e) {
    $('patients-status').textContent = `The sandbox could not be loaded: ${e.message}`;
  }
}

void start();
