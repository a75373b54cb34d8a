import { ApiError, getJson, postJson } from './api.js';
import { $, el } from './dom.js';
import { t, when } from './words.js';

/** How often the page asks about a run in progress. */
const POLL_MS = 2000;
let polling;

function runLine(run) {
  return el(
    'tr',
    { 'data-run-id': run.runId, 'data-state': run.state },
    el('td', { text: when(run.startedAt) }),
    el('td', { text: when(run.finishedAt) }),
    el('td', { text: t(`runState.${run.state}`) }),
    el('td', { text: run.patientsScreened ?? '' }),
  );
}

function describe(current) {
  if (!current) return t('runs.none');
  if (current.state === 'running') {
    const args = { time: when(current.startedAt), who: current.startedBy, screened: current.patientsScreened };
    return t(current.patientsScreened === undefined ? 'runs.running' : 'runs.runningCount', args);
  }
  const line = t('runs.last', { state: t(`runState.${current.state}`), time: when(current.finishedAt) });
  return current.problem ? `${line} ${t('runs.problem', { problem: current.problem })}` : line;
}

/**
 * The runs panel: the button (disabled, with why, when the service cannot run screening), the
 * run in progress, polled until it ends, and the last runs. `onFinished` refreshes the list.
 */
export async function showRuns(onFinished) {
  const answer = await getJson('runs');
  const button = $('start-run');
  const running = answer.current?.state === 'running';
  button.disabled = !answer.available || running;
  $('runs-note').textContent = answer.available ? '' : t('runs.unavailable');
  const status = $('run-current');
  status.textContent = describe(answer.current);
  status.setAttribute('data-state', answer.current?.state ?? 'none');
  $('runs-table').tBodies[0].replaceChildren(...answer.recent.map(runLine));
  window.clearTimeout(polling);
  if (running) {
    polling = window.setTimeout(() => {
      showRuns(onFinished)
        .then((again) => {
          if (again.current?.state !== 'running') return onFinished();
          return undefined;
        })
        .catch(() => undefined);
    }, POLL_MS);
  }
  return answer;
}

/** Starts a run; a run already in progress is said, not an error. */
export async function startRun(onFinished) {
  $('start-run').disabled = true;
  try {
    await postJson('runs', {});
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'run-in-progress')) throw err;
    $('runs-note').textContent = t('runs.busy');
  }
  return showRuns(onFinished);
}
