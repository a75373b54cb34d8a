/**
 * The eligibility checklist (docs/smart-app.md). After the EHR launch (launch.js), fhirclient
 * completes the authorization; the app reads the patient with its token, asks the service to
 * evaluate the trial named by the card link's appContext (POST evaluate, with the same token and
 * iss: the service reads the record through the same pipeline as the hook), shows every criterion
 * with its evidence and dates, and lets the clinician answer each item to confirm. Sending writes a
 * QuestionnaireResponse with the answers and a ServiceRequest to the study team that cites it in
 * supportingInfo; a second send updates both. Without write scopes, the referral is shown as a
 * draft to copy. Everything from the record or the service goes into the page as text.
 */
import { day, loadWords, t } from './words.js';

/** The system the referral names its trial under (as the trial card's referral does). */
const TRIAL_SYSTEM = 'https://clinicaltrials.gov';
const ANSWERS = ['met', 'not-met', 'not-applicable'];

/**
 * `questionnaire` is the `url|version` of the trial's published Questionnaire and `answerSystem`
 * the code system of the answers, both from the service's evaluation (one definition, server-side).
 */
const state = {
  client: undefined,
  checklist: undefined,
  patientId: undefined,
  written: undefined,
  questionnaire: undefined,
  answerSystem: undefined,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'className') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
}

function status(text, kind) {
  const line = $('status');
  line.textContent = text;
  line.classList.toggle('is-error', kind === 'error');
}

/** The trial id of the card link's appContext: `{"trialId": "NCT…"}`, or the id itself. */
export function trialIdOf(appContext) {
  if (typeof appContext !== 'string' || appContext.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(appContext);
    if (parsed && typeof parsed.trialId === 'string') return parsed.trialId;
    if (parsed && typeof parsed.trial === 'string') return parsed.trial;
  } catch {
    // not JSON: the id itself
  }
  return /^[A-Za-z0-9._-]{1,64}$/.test(appContext.trim()) ? appContext.trim() : undefined;
}

/** True when the granted scopes allow every letter of `letters` (SMART v2 `cruds`, v1 read/write/*) on `type`. */
export function scopesAllow(scope, type, letters) {
  const granted = String(scope ?? '')
    .split(/\s+/)
    .flatMap((s) => {
      const m = /^(patient|user)\/([A-Za-z]+|\*)\.([a-z*]+)$/.exec(s);
      if (!m || (m[2] !== '*' && m[2] !== type)) return [];
      const v1 = { read: 'rs', write: 'cud', '*': 'cruds' }[m[3]];
      return [v1 ?? m[3]];
    })
    .join('');
  return [...letters].every((l) => granted.includes(l));
}

function patientName(patient) {
  const name = patient?.name?.[0];
  if (!name) return patient?.id ?? '';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

function statusWord(item) {
  if (item.type === 'exclusion' && item.status === 'met') return t('status.excluded');
  if (item.type === 'exclusion' && item.status === 'not-met') return t('status.ruledOut');
  return t(`status.${item.status}`);
}

function evidenceLine(e) {
  const line = el('li', { className: `evidence evidence--${e.status}` });
  const value = e.status === 'unknown' ? (e.unknownReason ?? t('noEvidence')) : (e.text ?? t(`status.${e.status}`));
  line.append(el('span', { className: 'evidence-name', text: `${e.name}: ` }), value);
  const sources = e.sources
    .filter((s) => s.display || s.date)
    .map(
      (s) =>
        [s.display, s.date ? day(s.date) : undefined].filter(Boolean).join(', ') +
        (s.fromText ? ` (${t('fromText')})` : ''),
    );
  if (sources.length > 0) line.append(el('span', { className: 'evidence-sources', text: ` — ${sources.join('; ')}` }));
  if (e.note) line.append(el('span', { className: 'evidence-note', text: ` (${e.note})` }));
  return line;
}

function criterionItem(item) {
  const li = el('li', {
    className: `criterion criterion--${item.status}`,
    'data-criterion-id': item.id,
    'data-status': item.status,
  });
  const head = el(
    'div',
    { className: 'criterion-head' },
    el('span', { className: `badge badge--${item.status}`, text: statusWord(item) }),
    el('span', { className: 'criterion-type', text: `${t(item.type)}${item.key ? ` · ${t('key')}` : ''}` }),
  );
  li.append(head, el('p', { className: 'criterion-label', text: item.label }));
  if (item.confirm) li.append(el('p', { className: 'criterion-confirm', text: item.confirm }));
  if (item.why) li.append(el('p', { className: 'criterion-why', text: item.why }));
  if (item.evidence.length > 0) {
    li.append(
      el('ul', { className: 'evidence-list', 'aria-label': t('evidence') }, ...item.evidence.map(evidenceLine)),
    );
  } else if (!item.confirm && item.status !== 'not-applicable') {
    li.append(el('p', { className: 'criterion-why', text: t('noEvidence') }));
  }
  if (item.registryText !== item.label) {
    li.append(
      el(
        'details',
        { className: 'registry-text' },
        el('summary', { text: t('registryText') }),
        el('p', { text: item.registryText }),
      ),
    );
  }
  return li;
}

/** The words of an answer: for an exclusion, met means the exclusion is present. */
function answerWord(item, code) {
  if (item.type === 'exclusion' && code === 'met') return t('status.excluded');
  if (item.type === 'exclusion' && code === 'not-met') return t('status.ruledOut');
  return t(`answer.${code}`);
}

function answerField(item) {
  const fieldset = el('fieldset', { className: 'answer', 'data-criterion-id': item.id, 'data-type': item.type });
  fieldset.append(el('legend', { text: `${t(item.type)} · ${item.label}` }));
  if (item.confirm) fieldset.append(el('p', { className: 'criterion-confirm', text: item.confirm }));
  else if (item.why) fieldset.append(el('p', { className: 'criterion-why', text: item.why }));
  const choices = el('div', { className: 'choices' });
  for (const code of ANSWERS) {
    const id = `answer-${item.id}-${code}`;
    const input = el('input', { type: 'radio', name: `answer-${item.id}`, id, value: code });
    input.addEventListener('change', updateSendButton);
    choices.append(el('label', { for: id, className: 'choice' }, input, ` ${answerWord(item, code)}`));
  }
  fieldset.append(choices);
  return fieldset;
}

function toConfirm() {
  return state.checklist.criteria.filter((c) => c.toConfirm);
}

/** The clinician's answers so far: [{item, code}] for every item answered. */
function answers() {
  return toConfirm().flatMap((item) => {
    const checked = document.querySelector(`input[name="answer-${CSS.escape(item.id)}"]:checked`);
    return checked ? [{ item, code: checked.value }] : [];
  });
}

function updateSendButton() {
  const left = toConfirm().length - answers().length;
  const button = $('send-button');
  button.disabled = left > 0;
  $('send-status').textContent = left > 0 ? t('unanswered', { count: left }) : '';
}

function renderTrial(checklist) {
  const { trial, counts } = checklist;
  const box = $('trial');
  box.replaceChildren(
    el('h2', { text: `${trial.id} · ${trial.shortTitle}` }),
    el('p', { className: 'trial-title', text: `${trial.title} (${trial.sponsor})` }),
    el('p', { className: 'counts', text: t('counts', counts) }),
  );
  if (!checklist.fires) box.append(el('p', { className: 'notice', text: t('notFiring') }));
  if (checklist.recruitment === 'unconfirmed') box.append(el('p', { className: 'notice', text: t('unconfirmed') }));
  if (trial.contact) box.append(el('p', { text: t('contact', { contact: trial.contact }) }));
  box.append(
    el(
      'p',
      {},
      el('a', { href: trial.registryUrl, target: '_blank', rel: 'noopener noreferrer', text: t('registry') }),
    ),
  );
  box.hidden = false;
}

function render(checklist) {
  renderTrial(checklist);
  const items = toConfirm();
  $('confirm-title').textContent = t('toConfirmTitle', { count: items.length });
  $('answers').replaceChildren(
    ...(items.length > 0 ? items.map(answerField) : [el('p', { text: t('noneToConfirm') })]),
  );
  $('confirm').hidden = false;
  $('criteria-title').textContent = t('allCriteria');
  $('criteria-list').replaceChildren(...checklist.criteria.map(criterionItem));
  $('criteria').hidden = false;
  $('send-button').textContent = t('send');
  $('send').hidden = false;
  updateSendButton();
}

/** The QuestionnaireResponse holding the answers, one item per criterion to confirm. */
function questionnaireResponse(given, id) {
  const { trial } = state.checklist;
  return {
    resourceType: 'QuestionnaireResponse',
    ...(id ? { id } : {}),
    ...(state.questionnaire ? { questionnaire: state.questionnaire } : {}),
    status: 'completed',
    identifier: { system: TRIAL_SYSTEM, value: trial.id },
    subject: { reference: `Patient/${state.patientId}` },
    authored: new Date().toISOString(),
    ...(state.client?.user?.fhirUser ? { author: { reference: state.client.user.fhirUser } } : {}),
    item: given.map(({ item, code }) => ({
      linkId: item.id,
      text: item.label,
      answer: [{ valueCoding: { system: state.answerSystem, code, display: answerWord(item, code) } }],
    })),
  };
}

/** The referral: the service's draft, with the whole checklist and the answers in its note. */
function serviceRequest(given, qrReference, id) {
  const { referral, criteria, trial } = state.checklist;
  const list = (status) =>
    criteria
      .filter((c) => c.status === status)
      .map((c) => c.label)
      .join('; ') || '—';
  const answered = given.map(({ item, code }) => `${item.label}: ${answerWord(item, code)}`).join('; ') || '—';
  const note = [
    ...(referral.note ?? []).map((n) => n.text),
    t('noteRecord', { met: list('met'), notMet: list('not-met'), notApplicable: list('not-applicable') }),
    t('noteAnswers', { items: answered }),
    ...(trial.contact ? [t('contact', { contact: trial.contact })] : []),
  ].join('\n');
  return {
    ...referral,
    ...(id ? { id } : {}),
    authoredOn: new Date().toISOString(),
    ...(trial.contact ? { performer: [{ display: trial.contact }] } : {}),
    supportingInfo: [{ reference: qrReference }],
    note: [{ text: note }],
  };
}

/** The draft referral the app wrote before (this launch, or an earlier one), found in the record. */
async function existingDraft() {
  if (state.written) return state.written;
  const { trial } = state.checklist;
  const query = new URLSearchParams({
    patient: state.patientId,
    identifier: `${TRIAL_SYSTEM}|${trial.id}`,
    status: 'draft',
  });
  const bundle = await state.client.request(`ServiceRequest?${query}`);
  const sr = (bundle.entry ?? []).map((e) => e.resource).find((r) => r?.resourceType === 'ServiceRequest');
  if (!sr) return undefined;
  const qr = (sr.supportingInfo ?? [])
    .map((r) => r.reference ?? '')
    .find((ref) => ref.startsWith('QuestionnaireResponse/'));
  return { sr: sr.id, qr: qr?.slice('QuestionnaireResponse/'.length) };
}

/**
 * Opened again after a send: the answers of the draft referral already on file are checked
 * again, so the clinician sees and corrects them rather than starting over. Best effort: a
 * failure leaves the form empty.
 */
async function resumeDraft() {
  const scope = state.client.state.tokenResponse?.scope;
  if (!scopesAllow(scope, 'ServiceRequest', 'rs') || !scopesAllow(scope, 'QuestionnaireResponse', 'r')) return;
  try {
    const found = await existingDraft();
    if (!found?.qr) return;
    const qr = await state.client.request(`QuestionnaireResponse/${encodeURIComponent(found.qr)}`);
    for (const item of qr.item ?? []) {
      const code = item.answer?.[0]?.valueCoding?.code;
      const input = document.getElementById(`answer-${item.linkId}-${code}`);
      if (input && ANSWERS.includes(code)) input.checked = true;
    }
    $('send-button').textContent = t('sendAgain');
    updateSendButton();
    const line = $('send-status');
    line.textContent = t('resumed');
    line.dataset.state = 'resumed';
  } catch {
    // Nothing to resume from: the form stays empty.
  }
}

async function write(given) {
  const before = await existingDraft();
  const qrBody = questionnaireResponse(given, before?.qr);
  const qr = before?.qr ? await state.client.update(qrBody) : await state.client.create(qrBody);
  const srBody = serviceRequest(given, `QuestionnaireResponse/${qr.id}`, before?.sr);
  const sr = before?.sr ? await state.client.update(srBody) : await state.client.create(srBody);
  state.written = { sr: sr.id, qr: qr.id };
  const line = $('send-status');
  line.textContent = t(before ? 'updated' : 'sent', { sr: sr.id, qr: qr.id });
  line.dataset.state = before ? 'updated' : 'saved';
  line.dataset.serviceRequest = sr.id;
  line.dataset.questionnaireResponse = qr.id;
  $('send-button').textContent = t('sendAgain');
}

/** No write scopes: the referral and the answers as a transaction Bundle to copy into the EHR. */
function showDraft(given) {
  const qrUrl = `urn:uuid:${crypto.randomUUID()}`;
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: qrUrl,
        resource: questionnaireResponse(given),
        request: { method: 'POST', url: 'QuestionnaireResponse' },
      },
      {
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: serviceRequest(given, qrUrl),
        request: { method: 'POST', url: 'ServiceRequest' },
      },
    ],
  };
  $('draft-title').textContent = t('draftTitle');
  $('draft-explain').textContent = t('draftExplain');
  $('copy-draft').textContent = t('copy');
  $('draft-json').value = JSON.stringify(bundle, null, 2);
  $('draft').hidden = false;
  $('send-status').dataset.state = 'draft';
  $('send-status').textContent = t('draftShown');
}

async function send() {
  const given = answers();
  if (given.length < toConfirm().length) return updateSendButton();
  const button = $('send-button');
  button.disabled = true;
  const scope = state.client.state.tokenResponse?.scope;
  const canWrite = ['ServiceRequest', 'QuestionnaireResponse'].every((type) => scopesAllow(scope, type, 'crus'));
  try {
    if (canWrite) await write(given);
    else showDraft(given);
  } catch (err) {
    const line = $('send-status');
    line.dataset.state = 'failed';
    line.textContent = t('sendFailed', { reason: err instanceof Error ? err.message : String(err) });
  } finally {
    button.disabled = false;
  }
}

async function evaluate(client, trialId) {
  const res = await fetch(new URL('evaluate', import.meta.url), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `Bearer ${client.state.tokenResponse.access_token}`,
    },
    body: JSON.stringify({ iss: client.state.serverUrl, patient: client.patient.id, trialId }),
  });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const issue = body?.issue?.[0];
    const code = issue?.details?.coding?.[0]?.code;
    throw new Error([code, issue?.diagnostics].filter(Boolean).join(': ') || `HTTP ${res.status}`);
  }
  return body;
}

async function start() {
  try {
    await loadWords();
  } catch (err) {
    status(`messages: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  document.title = t('title');
  $('title').textContent = t('title');
  status(t('loading'));
  try {
    const client = await window.FHIR.oauth2.ready();
    state.client = client;
    state.patientId = client.patient.id;
    const trialId = trialIdOf(client.state.tokenResponse?.appContext);
    if (!trialId) {
      status(t('noTrial'), 'error');
      return;
    }
    const patient = await client.patient.read();
    const born = patient.birthDate ? ` · ${t('born', { date: day(patient.birthDate) })}` : '';
    $('patient').textContent = `${t('patient', { name: patientName(patient) })}${born}`;
    const evaluation = await evaluate(client, trialId);
    state.checklist = evaluation.checklist;
    state.questionnaire = evaluation.questionnaire;
    state.answerSystem = evaluation.answerSystem;
    render(state.checklist);
    await resumeDraft();
    $('send-button').addEventListener('click', () => void send());
    $('copy-draft').addEventListener('click', () => {
      void navigator.clipboard
        ?.writeText($('draft-json').value)
        .then(() => ($('copy-draft').textContent = t('copied')));
    });
    status(t('evaluatedAt', { date: day(evaluation.evaluatedAt) }));
    document.body.dataset.ready = 'true';
  } catch (err) {
    status(t('error', { reason: err instanceof Error ? err.message : String(err) }), 'error');
  }
}

void start();
