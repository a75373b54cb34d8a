/**
 * The coordinators' screening worklist (docs/screening.md, "The worklist"): per trial of the
 * catalogue, the patients screening runs listed, with their fit, the criteria met and to confirm,
 * the evidence and its dates; filters; a candidate's details (read live from the FHIR server,
 * each view written to the trail) and status; the funnel; the CSV; and the runs.
 * Everything from the service goes into the page as text (dom.js).
 */
import { getJson, setCsrfToken, signOut } from './api.js';
import { allTrials, setTrials, trialById } from './catalogue.js';
import { closeDetail, openCandidate, saveStatus } from './detail.js';
import { $, setOptions } from './dom.js';
import { showFunnel } from './funnel.js';
import { fillFilters, showList, shownPage } from './list.js';
import { showRuns, startRun } from './runs.js';
import { loadWords, t, translatePage } from './words.js';

const state = { trialId: undefined };

function say(text, kind) {
  const line = $('status');
  line.textContent = text;
  line.classList.toggle('is-error', kind === 'error');
}

/** Runs a step of the page, saying when it fails (an expired session has already left for the sign-in). */
async function step(work) {
  try {
    return await work();
  } catch (err) {
    if (err?.status !== 401) say(t('page.error', { reason: err?.message ?? String(err) }), 'error');
    return undefined;
  }
}

const open = (patient) => step(() => openCandidate(state.trialId, patient));

/** The list (on the page shown, unless told) and the funnel, again. */
async function refresh(page = shownPage()) {
  await Promise.all([showList(state.trialId, open, page), showFunnel(state.trialId)]);
  say(t('page.ready'));
  document.body.setAttribute('data-ready', 'true');
}

async function chooseTrial(trialId) {
  state.trialId = trialId;
  $('trial').value = trialId;
  $('trial-title').textContent = trialById(trialId)?.title ?? '';
  fillFilters(trialId);
  closeDetail();
  await refresh(1);
}

async function start() {
  await loadWords();
  translatePage();
  say(t('page.loading'));
  const session = await getJson('session');
  setCsrfToken(session.csrfToken);
  $('user').textContent = t('page.signedInAs', { name: session.user.name });
  $('user').setAttribute('data-sub', session.user.sub);
  $('sandbox-banner').hidden = session.signIn !== 'local';

  setTrials((await getJson('trials')).trials);
  const short = (title) => (title.length > 90 ? `${title.slice(0, 89)}…` : title);
  setOptions(
    $('trial'),
    allTrials().map((x) => [x.id, x.title === x.id ? x.id : `${x.id} · ${short(x.title)}`]),
  );
  $('trial').addEventListener('change', () => step(() => chooseTrial($('trial').value)));
  for (const id of ['filter-status', 'filter-fit', 'filter-to-confirm']) {
    $(id).addEventListener('change', () => step(() => showList(state.trialId, open)));
  }
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('page-previous').addEventListener('click', () => step(() => showList(state.trialId, open, shownPage() - 1)));
  $('page-next').addEventListener('click', () => step(() => showList(state.trialId, open, shownPage() + 1)));
  $('close-detail').addEventListener('click', closeDetail);
  $('status-form').addEventListener('submit', (e) => {
    e.preventDefault();
    step(async () => {
      await saveStatus();
      await refresh();
    });
  });
  $('start-run').addEventListener('click', () => step(() => startRun(() => step(() => refresh()))));
  $('sign-out').addEventListener('click', () =>
    step(async () => {
      await signOut();
      window.location.assign(`/screening/signed-out${window.location.search}`);
    }),
  );

  const first = allTrials()[0];
  await showRuns(() => step(() => refresh()));
  if (first) await chooseTrial(first.id);
}

step(start);
