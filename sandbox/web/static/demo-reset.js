/**
 * The "Reset demo" control: a button, a confirm step on the page (no browser dialog), and a
 * status line saying what was cleared. The reset itself is POST /sandbox-ehr/reset
 * (sandbox/demo-reset.ts); the page reloads its patient list and chart afterwards.
 */
import { el } from './card-view.js';
import { t } from './i18n.js';

/** Every text this control shows: message keys of rules/messages/ (ehr.reset.*), in CARD_LOCALE. */
const RESET_TEXT = {
  button: () => t('ehr.reset.button'),
  question: () => t('ehr.reset.question'),
  confirm: () => t('ehr.reset.confirm'),
  cancel: () => t('ehr.reset.cancel'),
  working: () => t('ehr.reset.working'),
  done: (r) =>
    t('ehr.reset.done', {
      feedback: r.feedbackCleared,
      suppressions: r.suppressionsCleared,
      resources: r.resourcesRestored,
    }),
  failed: (error) => t('ehr.reset.failed', { error }),
  httpError: (status, detail) => t('ehr.notice.http', { status, detail: detail ?? t('ehr.notice.noDetails') }),
  callLabel: () => t('ehr.reset.callLabel'),
};

/**
 * Builds the control in `container`. `reset(label)` sends the request and resolves to
 * {status, body}; `afterReset()` reloads what the page shows.
 */
export function mountDemoReset(container, { reset, afterReset }) {
  const open = el('button', { type: 'button', id: 'reset-demo', text: RESET_TEXT.button(), 'aria-expanded': 'false' });
  const confirm = el('button', { type: 'button', id: 'reset-demo-confirm', text: RESET_TEXT.confirm() });
  const cancel = el('button', { type: 'button', id: 'reset-demo-cancel', text: RESET_TEXT.cancel() });
  const question = el('p', { id: 'reset-demo-question', text: RESET_TEXT.question() });
  const panel = el(
    'div',
    { id: 'reset-demo-panel', className: 'reset-panel', role: 'group', 'aria-labelledby': 'reset-demo-question' },
    question,
    el('div', { className: 'reset-actions' }, confirm, cancel),
  );
  panel.hidden = true;
  const status = el('p', { id: 'reset-demo-status', className: 'reset-status', role: 'status', 'aria-live': 'polite' });

  const show = (visible) => {
    panel.hidden = !visible;
    open.setAttribute('aria-expanded', String(visible));
  };
  open.addEventListener('click', () => {
    status.textContent = '';
    show(true);
    cancel.focus(); // the safe choice first
  });
  cancel.addEventListener('click', () => {
    show(false);
    open.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = cancel.disabled = open.disabled = true;
    status.textContent = RESET_TEXT.working();
    try {
      const { status: code, body } = await reset(RESET_TEXT.callLabel());
      if (code === 200) {
        show(false);
        await afterReset();
        status.textContent = RESET_TEXT.done(body);
      } else {
        status.textContent = RESET_TEXT.failed(RESET_TEXT.httpError(code, body?.issue?.[0]?.diagnostics));
      }
    } catch (e) {
      status.textContent = RESET_TEXT.failed(e.message);
    } finally {
      confirm.disabled = cancel.disabled = open.disabled = false;
      if (panel.hidden) open.focus();
    }
  });
  container.replaceChildren(open, panel, status);
}
