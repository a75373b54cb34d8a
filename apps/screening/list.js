import { apiUrl, getJson } from './api.js';
import { label, reasonText, trialById } from './catalogue.js';
import { $, el, setOptions } from './dom.js';
import { day, t } from './words.js';

export const STATUSES = ['new', 'reviewed', 'contacted', 'consented', 'declined', 'not-eligible'];
const FITS = ['candidate', 'possible', 'no-longer-fits'];

/** The filters as the form holds them. */
export function filters() {
  return {
    status: $('filter-status').value,
    fit: $('filter-fit').value,
    toConfirm: $('filter-to-confirm').value,
  };
}

/** The filters' choices: every status and fit, and every criterion of the trial. */
export function fillFilters(trialId) {
  const any = ['', t('filters.any')];
  setOptions($('filter-status'), [any, ...STATUSES.map((s) => [s, t(`status.${s}`)])]);
  setOptions($('filter-fit'), [any, ...FITS.map((f) => [f, t(`fit.${f}`)])]);
  const criteria = Object.keys(trialById(trialId)?.criteria ?? {});
  setOptions($('filter-to-confirm'), [any, ...criteria.map((id) => [id, label(trialId, id)])]);
}

function criteriaList(trialId, ids, className) {
  if (ids.length === 0) return el('span', { className: 'muted', text: t('detail.none') });
  return el(
    'ul',
    { className: `criteria ${className}` },
    ...ids.map((id) => el('li', { 'data-criterion-id': id, text: label(trialId, id) })),
  );
}

/** Evidence lines: the criterion, what the record shows, and its date. */
export function evidenceList(trialId, evidence) {
  return el(
    'ul',
    { className: 'evidence' },
    ...evidence.map((e) =>
      el(
        'li',
        {},
        el('span', { className: 'evidence-criterion', text: `${label(trialId, e.criterion)}: ` }),
        e.text,
        // The text names its date already when it is one ("since 2014-12-07"): not said twice.
        e.date && !e.text.includes(e.date) && !e.text.includes(day(e.date))
          ? el('span', { className: 'evidence-date', text: ` (${day(e.date)})` })
          : null,
      ),
    ),
  );
}

function fitCell(trialId, c) {
  const cell = el('td', {}, el('span', { className: `fit fit--${c.fit}`, text: t(`fit.${c.fit}`) }));
  if (c.noLongerFitsReason) {
    cell.append(
      el('p', { className: 'reason', text: t('fit.reason', { reason: reasonText(trialId, c.noLongerFitsReason) }) }),
    );
  }
  return cell;
}

function row(trialId, c, onOpen) {
  const open = el('button', { type: 'button', className: 'open', text: t('list.open') });
  open.addEventListener('click', () => onOpen(c.patient));
  const evidence =
    c.evidence.length === 0
      ? el('span', { className: 'muted', text: t('detail.none') })
      : el(
          'details',
          {},
          el('summary', { text: t('list.evidenceCount', { count: c.evidence.length }) }),
          evidenceList(trialId, c.evidence),
        );
  return el(
    'tr',
    { 'data-patient': c.patient, 'data-status': c.status, 'data-fit': c.fit },
    el('th', { scope: 'row', className: 'patient-ref', text: c.patient }),
    el('td', {}, el('span', { className: `badge badge--${c.status}`, text: t(`status.${c.status}`) })),
    fitCell(trialId, c),
    el(
      'td',
      {},
      c.met.length === 0
        ? criteriaList(trialId, c.met, 'met')
        : el(
            'details',
            {},
            el('summary', { text: t('list.metCount', { count: c.met.length }) }),
            criteriaList(trialId, c.met, 'met'),
          ),
    ),
    el('td', {}, criteriaList(trialId, c.toConfirm.length > 0 ? c.toConfirm : c.missing, 'to-confirm')),
    el('td', {}, evidence),
    el('td', { text: day(c.firstSeenAt) }),
    el('td', { text: day(c.lastSeenAt) }),
    el('td', {}, open),
  );
}

/** The page of the list shown. */
let shown = 1;
export const shownPage = () => shown;

/** Previous and next, and which rows of the whole list the page holds. */
function showPager(page, pageSize, total, rows) {
  $('pager').hidden = total <= pageSize;
  $('page-previous').disabled = page <= 1;
  $('page-next').disabled = page * pageSize >= total;
  const from = rows === 0 ? 0 : (page - 1) * pageSize + 1;
  $('page-range').textContent = t('list.range', { from, to: from + rows - Math.min(rows, 1), total });
  $('pager').setAttribute('data-page', page);
}

/**
 * A page of the trial's list with the filters applied (the first unless `page` says), and the CSV
 * link for the whole of that list.
 */
export async function showList(trialId, onOpen, page = 1) {
  const query = { trial: trialId, ...filters() };
  const result = await getJson('candidates', { ...query, page: String(page) });
  const { candidates, total } = result;
  shown = result.page;
  const body = $('candidates').tBodies[0];
  body.replaceChildren(
    ...(candidates.length > 0
      ? candidates.map((c) => row(trialId, c, onOpen))
      : [el('tr', {}, el('td', { colspan: 9, className: 'muted', text: t('list.empty') }))]),
  );
  $('list-count').textContent = t('list.count', { count: total });
  $('list-count').setAttribute('data-count', total);
  showPager(result.page, result.pageSize, total, candidates.length);
  $('csv').setAttribute('href', apiUrl('candidates.csv', query));
  // Which filters the rows shown answer to (the browser tests wait on it).
  $('candidates').setAttribute('data-loaded', new URLSearchParams(filters()).toString());
  return candidates;
}
