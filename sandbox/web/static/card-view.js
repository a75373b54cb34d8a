/**
 * Renders CDS Hooks cards the way an EHR shows them (https://cds-hooks.hl7.org/2.0/#card-attributes).
 * Everything from a card is put in the page as text, except `detail`, which goes through the
 * sanitising markdown renderer.
 */
import { t } from './i18n.js';
import { renderMarkdown, safeHref } from './markdown.js';

const INDICATOR_RANK = { critical: 0, warning: 1, info: 2 };
/** The indicator's words, as message keys. */
const INDICATOR_LABEL = { critical: 'ehr.card.critical', warning: 'ehr.card.warning', info: 'ehr.card.info' };

/** Creates an element with a class and text; children are appended as they are. */
export function el(tag, attrs = {}, ...children) {
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

/** Cards of several services, most urgent first, in service order otherwise. */
export function sortCards(entries) {
  return [...entries].sort((a, b) => (INDICATOR_RANK[a.card.indicator] ?? 3) - (INDICATOR_RANK[b.card.indicator] ?? 3));
}

function link(label, url) {
  const href = safeHref(url);
  if (!href) return el('span', { text: label });
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: label });
}

function sourceLine(card, service) {
  const source = card.source ?? {};
  const line = el('p', { className: 'card-source' }, `${t('ehr.card.source')} `);
  line.append(
    source.url
      ? link(source.label ?? t('ehr.card.sourceDefault'), source.url)
      : (source.label ?? t('ehr.card.sourceUnknown')),
  );
  line.append(` · ${t('ehr.card.service', { service: service.title ?? service.id })}`);
  return line;
}

/** A SMART link: launched by the EHR (handlers.launch) rather than followed. */
function smartLink(l, handlers) {
  const href = safeHref(l.url);
  if (!href || !handlers?.launch) return link(l.label ?? l.url, l.url);
  const a = el('a', { href, className: 'smart-link', 'data-smart-launch': 'true', text: l.label ?? l.url });
  a.addEventListener('click', (event) => {
    event.preventDefault();
    void handlers.launch(l);
  });
  return a;
}

function linksList(card, handlers) {
  if (!Array.isArray(card.links) || card.links.length === 0) return undefined;
  const list = el('ul', { className: 'card-links', 'aria-label': t('ehr.card.links') });
  for (const l of card.links) {
    const item = el('li', {}, l.type === 'smart' ? smartLink(l, handlers) : link(l.label ?? l.url, l.url));
    if (l.type === 'smart') item.append(` ${t('ehr.card.smartApp')}`);
    list.append(item);
  }
  return list;
}

/** Shows what accepting a suggestion would do: each action, with the resource it would create. */
export function actionsPreview(suggestion) {
  const box = el('div');
  box.append(el('h4', { text: t('ehr.card.acceptedTitle', { label: suggestion.label }) }));
  for (const action of suggestion.actions ?? []) {
    const type = action.type ?? t('ehr.card.action');
    box.append(el('p', { text: t('ehr.card.actionLine', { type, description: action.description ?? '' }) }));
    if (action.resource) {
      box.append(el('pre', { className: 'action-resource', text: JSON.stringify(action.resource, null, 2) }));
    } else if (action.resourceId) {
      box.append(el('p', { text: t('ehr.card.resource', { id: action.resourceId }) }));
    }
  }
  return box;
}

/**
 * One card. `handlers.accept(suggestion)` and `handlers.dismiss(coding)` send the feedback and
 * resolve to {ok, message}; the card then shows the outcome and disables its controls.
 */
export function renderCard(card, service, handlers) {
  const indicator = INDICATOR_LABEL[card.indicator] ? card.indicator : 'info';
  const summaryId = `summary-${card.uuid}`;
  const article = el('article', {
    className: `card card--${indicator}`,
    'aria-labelledby': summaryId,
    'data-card-uuid': card.uuid,
    'data-service-id': service.id,
  });
  article.append(
    el(
      'div',
      { className: 'card-head' },
      el('span', { className: `indicator indicator--${indicator}`, text: t(INDICATOR_LABEL[indicator]) }),
      el('h3', { id: summaryId, className: 'card-summary', text: card.summary ?? '' }),
    ),
    sourceLine(card, service),
  );
  if (card.detail) {
    const body = el('div', { className: 'markdown card-detail-body' });
    renderMarkdown(card.detail, body);
    article.append(el('details', { className: 'card-detail' }, el('summary', { text: t('ehr.card.details') }), body));
  }
  const links = linksList(card, handlers);
  if (links) article.append(links);

  const outcome = el('div', { className: 'card-outcome', role: 'status', tabindex: '-1' });
  const controls = [];
  const actions = el('div', { className: 'card-actions' });
  const settle = async (run) => {
    controls.forEach((c) => (c.disabled = true));
    const result = await run();
    outcome.classList.toggle('is-error', !result.ok);
    if (!result.ok) controls.forEach((c) => (c.disabled = false));
    outcome.focus();
  };

  for (const suggestion of card.suggestions ?? []) {
    const button = el('button', {
      type: 'button',
      className: suggestion.isRecommended ? 'suggestion primary' : 'suggestion',
      'data-suggestion-uuid': suggestion.uuid,
      text: suggestion.label,
    });
    button.addEventListener('click', () =>
      settle(async () => {
        const result = await handlers.accept(suggestion);
        outcome.replaceChildren(
          ...(result.ok ? [actionsPreview(suggestion)] : []),
          el('p', { className: 'feedback-result', text: result.message }),
        );
        return result;
      }),
    );
    controls.push(button);
    actions.append(button);
  }

  const reasons = Array.isArray(card.overrideReasons) ? card.overrideReasons : [];
  const selectId = `reason-${card.uuid}`;
  const select = el('select', { id: selectId, className: 'override-reason' });
  select.append(el('option', { value: '', text: t(reasons.length ? 'ehr.card.chooseReason' : 'ehr.card.noReason') }));
  reasons.forEach((r, i) => select.append(el('option', { value: String(i), text: r.display ?? r.code })));
  const dismiss = el('button', { type: 'button', className: 'dismiss-card', text: t('ehr.card.dismiss') });
  dismiss.addEventListener('click', () =>
    settle(async () => {
      const reason = select.value === '' ? undefined : reasons[Number(select.value)];
      const result = await handlers.dismiss(reason);
      outcome.replaceChildren(el('p', { className: 'feedback-result', text: result.message }));
      return result;
    }),
  );
  controls.push(select, dismiss);
  actions.append(
    el(
      'div',
      { className: 'dismiss' },
      el('label', { for: selectId, text: t('ehr.card.dismissBecause') }),
      select,
      dismiss,
    ),
  );
  article.append(actions, outcome);
  return article;
}
