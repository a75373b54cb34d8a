import { getAudited, postJson } from './api.js';
import { label, reasonText } from './catalogue.js';
import { $, el, setOptions } from './dom.js';
import { evidenceList, STATUSES } from './list.js';
import { day, t, when } from './words.js';

let shown;

function fact(term, value) {
  return [el('dt', { text: term }), el('dd', { text: value || t('detail.notOnFile') })];
}

/** Name, date of birth, hospital number, treating clinician: read live, shown, never kept. */
function demographicsBlock(answer) {
  if (!answer.available) {
    return el('p', {
      className: 'notice',
      id: 'demographics-unavailable',
      text: t(`detail.unavailable.${answer.reason}`),
    });
  }
  const p = answer.patient;
  return el(
    'dl',
    { className: 'demographics', id: 'demographics' },
    ...fact(t('detail.name'), p.name),
    ...fact(t('detail.birthDate'), p.birthDate ? day(p.birthDate) : ''),
    ...fact(t('detail.hospitalNumber'), p.hospitalNumber),
    ...fact(t('detail.clinician'), p.clinician),
  );
}

function criteriaBlock(trialId, title, ids, className) {
  return el(
    'div',
    { className: `detail-criteria ${className}` },
    el('h3', { text: title }),
    ids.length === 0
      ? el('p', { className: 'muted', text: t('detail.none') })
      : el('ul', {}, ...ids.map((id) => el('li', { 'data-criterion-id': id, text: label(trialId, id) }))),
  );
}

function trailWhat(trialId, e) {
  if (e.action === 'status') {
    return t('trail.status', { from: t(`status.${e.detail.from}`), to: t(`status.${e.detail.to}`) });
  }
  if (e.action === 'no-longer-fits') return t('trail.no-longer-fits', { reason: reasonText(trialId, e.detail.reason) });
  return t(`trail.${e.action}`);
}

function showTrail(trialId, trail) {
  $('trail').replaceChildren(
    ...trail.map((e) =>
      el(
        'li',
        { 'data-action': e.action, 'data-actor': e.actor },
        el('time', { datetime: e.at, text: when(e.at) }),
        ` · ${e.actor} · `,
        trailWhat(trialId, e),
      ),
    ),
  );
}

function render(answer) {
  const { candidate: c, demographics, trail } = answer;
  $('detail-title').textContent = t('detail.title', { patient: c.patient });
  const body = [
    el('h3', { text: t('detail.demographics') }),
    demographicsBlock(demographics),
    el('p', { className: `fit fit--${c.fit}`, text: t(`fit.${c.fit}`) }),
  ];
  if (c.noLongerFitsReason) {
    body.push(
      el('p', { className: 'reason', text: t('fit.reason', { reason: reasonText(c.trial, c.noLongerFitsReason) }) }),
    );
  }
  body.push(
    el('p', { className: 'muted', text: t('detail.firstSeen', { date: day(c.firstSeenAt), last: day(c.lastSeenAt) }) }),
    criteriaBlock(c.trial, t('detail.toConfirm'), c.toConfirm, 'to-confirm'),
  );
  if (c.missing.length > 0) body.push(criteriaBlock(c.trial, t('detail.missing'), c.missing, 'missing'));
  body.push(criteriaBlock(c.trial, t('detail.met'), c.met, 'met'), el('h3', { text: t('detail.evidence') }));
  body.push(
    c.evidence.length > 0 ? evidenceList(c.trial, c.evidence) : el('p', { className: 'muted', text: t('detail.none') }),
  );
  $('detail-body').replaceChildren(...body);
  setOptions(
    $('status-select'),
    STATUSES.map((s) => [s, t(`status.${s}`)]),
  );
  $('status-select').value = c.status;
  $('status-saved').textContent = '';
  showTrail(c.trial, trail);
  const section = $('detail');
  section.setAttribute('data-patient', c.patient);
  section.hidden = false;
}

/** Opens a candidate: the service writes the view to the trail and reads the patient's details. */
export async function openCandidate(trialId, patient) {
  const answer = await getAudited('candidate', { trial: trialId, patient });
  shown = { trialId, patient };
  render(answer);
  $('detail').scrollIntoView({ block: 'start' });
  return answer;
}

/** Saves the status chosen in the detail; answers the candidate as it now stands. */
export async function saveStatus() {
  if (!shown) return undefined;
  const status = $('status-select').value;
  const answer = await postJson('status', { trial: shown.trialId, patient: shown.patient, status });
  showTrail(shown.trialId, answer.trail);
  $('status-saved').textContent = t('detail.saved', { status: t(`status.${status}`) });
  $('status-saved').setAttribute('data-saved', status);
  return answer;
}

export function closeDetail() {
  shown = undefined;
  $('detail').hidden = true;
}
