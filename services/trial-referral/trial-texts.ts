import { SOURCE_LOCALE, type Locale } from '../../config/locale.js';
import type { CompiledTrial } from '../../rules/trial-catalogue.js';
import { RulesError } from '../../rules/rules-error.js';
import type { TrialCriterion } from '../../rules/trial-schema.js';
import type { CardMessages } from '../message-keys.js';

/** A CDS Hooks summary must stay under 140 characters (https://cds-hooks.hl7.org/2.0/#card-attributes). */
const MAX_SUMMARY = 139;

/** One trial's words in the card's language. */
export interface TrialTexts {
  readonly title: string;
  readonly shortTitle: string;
  /** What the card and the app call the criterion. */
  label(criterion: TrialCriterion): string;
  /** A few words for the card's "why" line: the short label, or the label. */
  shortLabel(criterion: TrialCriterion): string;
  /** What the clinician confirms by hand (manual reason, or unknownReason), when the criterion has one. */
  confirm(criterion: TrialCriterion): string | undefined;
}

function sourceTexts(trial: CompiledTrial['trial']): TrialTexts {
  return {
    title: trial.title,
    shortTitle: trial.shortTitle,
    label: (c) => c.label ?? c.text,
    shortLabel: (c) => c.shortLabel ?? c.label ?? c.text,
    confirm: (c) => c.manual?.reason ?? c.unknownReason,
  };
}

/**
 * The words of every trial in `locale`, checked once at start-up: in a locale other than the
 * registry's English, each trial needs `translations.<locale>` with its titles, a label for
 * every criterion and a `confirm` for every criterion confirmed by hand; both card summaries
 * must stay under 140 characters. A gap throws a RulesError naming the file and the field.
 */
export function trialTexts(trials: readonly CompiledTrial[], m: CardMessages): Map<string, TrialTexts> {
  const locale: Locale = m.locale;
  const out = new Map<string, TrialTexts>();
  for (const { trial, file } of trials) {
    let texts: TrialTexts;
    if (locale === SOURCE_LOCALE) {
      texts = sourceTexts(trial);
    } else {
      const tr = trial.translations?.[locale];
      const at = `translations.${locale}`;
      if (!tr) throw new RulesError(file, at, `the trial has no ${locale} texts (CARD_LOCALE=${locale})`);
      for (const c of trial.criteria) {
        const own = tr.criteria[c.id];
        if (!own) throw new RulesError(file, `${at}.criteria.${c.id}.label`, `missing ${locale} label`);
        const needsConfirm = c.manual !== undefined || c.unknownReason !== undefined;
        if (needsConfirm && !own.confirm) {
          throw new RulesError(file, `${at}.criteria.${c.id}.confirm`, `missing ${locale} text of what to confirm`);
        }
      }
      const known = new Set(trial.criteria.map((c) => c.id));
      for (const id of Object.keys(tr.criteria)) {
        if (!known.has(id)) throw new RulesError(file, `${at}.criteria.${id}`, 'no criterion has this id');
      }
      texts = {
        title: tr.title,
        shortTitle: tr.shortTitle,
        label: (c) => tr.criteria[c.id]!.label,
        shortLabel: (c) => tr.criteria[c.id]!.shortLabel ?? tr.criteria[c.id]!.label,
        confirm: (c) => tr.criteria[c.id]?.confirm,
      };
    }
    for (const key of ['trial.summary', 'trial.summaryUnconfirmed'] as const) {
      const summary = m.t(key, { id: trial.id, title: texts.shortTitle });
      if (summary.length > MAX_SUMMARY) {
        throw new RulesError(
          file,
          locale === SOURCE_LOCALE ? 'shortTitle' : `translations.${locale}.shortTitle`,
          `the card summary "${summary}" has ${summary.length} characters; it must stay under 140`,
        );
      }
    }
    out.set(trial.id, texts);
  }
  return out;
}
