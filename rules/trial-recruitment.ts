import { DEFAULT_SITE_CONFIRMATION_DAYS } from '../config/config.js';
import { completionOf, dayOf } from './trial-dates.js';
import type { RegistryStatus, Trial } from './trial-schema.js';

/**
 * How a registry status bears on a referral card (docs/clinical-rules.md, "Recruitment status"):
 *
 * - `closed`: the study is over or never ran; no card, whatever the site says.
 * - `open`: the registry says recruiting; a card, whose recruitment is the registry's while its
 *   end date lies ahead, the site's when it confirmed recently, and "not confirmed" otherwise.
 * - `unverified`: the registry itself no longer vouches for its status (ClinicalTrials.gov's
 *   "Unknown status": past its completion date and not verified for two years); a card only as
 *   "not confirmed", unless the site confirmed recently.
 * - `site-confirmed-only`: the registry says the study takes no referrals now; a card only when
 *   the site confirmed recently that it recruits (the registry often lags behind the site).
 */
export type StatusRule = 'closed' | 'open' | 'unverified' | 'site-confirmed-only';

/** The rule of each registry status. */
export const STATUS_RULES: Readonly<Record<RegistryStatus, StatusRule>> = {
  recruiting: 'open',
  unknown: 'unverified',
  'not-yet-recruiting': 'site-confirmed-only',
  'enrolling-by-invitation': 'site-confirmed-only',
  'active-not-recruiting': 'site-confirmed-only',
  suspended: 'site-confirmed-only',
  completed: 'closed',
  terminated: 'closed',
  withdrawn: 'closed',
};

/** Why the registry or the site rule a trial out: no card at all. */
export type RecruitmentBlocker =
  /** Completed, terminated or withdrawn on the registry. */
  | { readonly kind: 'registry-closed'; readonly status: RegistryStatus }
  /** The site's study team said it does not recruit (`site.recruiting: false`). */
  | { readonly kind: 'site-not-recruiting'; readonly confirmedOn: string }
  /** The registry says the study takes no referrals now, and no recent site confirmation says otherwise. */
  | { readonly kind: 'not-recruiting'; readonly status: RegistryStatus };

/**
 * Whether the trial recruits, and on whose word. A card shows `registry`, `confirmed` and
 * `unconfirmed` trials; `unconfirmed` is an info card that says recruitment is not confirmed and
 * suggests contacting the study team. `reason` says why in plain words (for `npm run evaluate`).
 */
export type Recruitment =
  /** The registry says recruiting and none of its end dates has passed. */
  | { readonly status: 'registry'; readonly reason: string }
  /** The site's study team confirmed recruitment within SITE_CONFIRMATION_DAYS. */
  | { readonly status: 'confirmed'; readonly confirmedOn: string; readonly reason: string }
  /**
   * The registry's end date has passed (or its status is unknown), and no site confirmation is
   * recent enough: the card still shows, saying so.
   */
  | {
      readonly status: 'unconfirmed';
      /** The registry end date that has passed, if that is the reason. */
      readonly endDatePassed?: string;
      /** The registry status, when the registry itself does not vouch for it (`unknown`). */
      readonly registryStatus?: RegistryStatus;
      /** The site's last confirmation, older than the window; absent when there is none. */
      readonly lastConfirmation?: string;
      readonly reason: string;
    }
  /** No card: see the blocker. */
  | { readonly status: 'not-recruiting'; readonly blocker: RecruitmentBlocker; readonly reason: string };

/** Whole days from a date `YYYY-MM-DD` to the calendar day of `now`. */
function daysSince(date: string, now: Date): number {
  return Math.round((Date.parse(`${dayOf(now)}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/**
 * The recruitment of a trial on the day of `now`: the registry's status and dates, kept apart
 * from the site's confirmation (`site.recruiting`, `site.confirmedOn`), which counts for
 * `siteConfirmationDays` (SITE_CONFIRMATION_DAYS). A confirmation dated after today is a data
 * error and does not count.
 */
export function recruitmentOf(
  trial: Trial,
  now: Date,
  siteConfirmationDays: number = DEFAULT_SITE_CONFIRMATION_DAYS,
): Recruitment {
  const { status } = trial.registry;
  const rule = STATUS_RULES[status];
  const { site } = trial;
  if (rule === 'closed') {
    return {
      status: 'not-recruiting',
      blocker: { kind: 'registry-closed', status },
      reason: `registry status is ${status}: the study takes no one`,
    };
  }
  if (site.recruiting === false && site.confirmedOn !== undefined) {
    return {
      status: 'not-recruiting',
      blocker: { kind: 'site-not-recruiting', confirmedOn: site.confirmedOn },
      reason: `the site's study team said on ${site.confirmedOn} that it does not recruit`,
    };
  }
  const confirmedOn = site.recruiting === true ? site.confirmedOn : undefined;
  const age = confirmedOn === undefined ? undefined : daysSince(confirmedOn, now);
  if (confirmedOn !== undefined && age !== undefined && age >= 0 && age <= siteConfirmationDays) {
    return {
      status: 'confirmed',
      confirmedOn,
      reason: `the site's study team confirmed recruitment on ${confirmedOn} (${age} days ago; a confirmation counts for ${siteConfirmationDays} days)`,
    };
  }
  const lastConfirmation =
    confirmedOn === undefined
      ? 'no site confirmation'
      : age !== undefined && age < 0
        ? `the site confirmation is dated ${confirmedOn}, after today`
        : `last site confirmation ${confirmedOn}, more than ${siteConfirmationDays} days ago`;
  if (rule === 'site-confirmed-only') {
    return {
      status: 'not-recruiting',
      blocker: { kind: 'not-recruiting', status },
      reason: `registry status is ${status}, and no site confirmation within ${siteConfirmationDays} days says the site recruits (${lastConfirmation})`,
    };
  }
  const end = completionOf(trial);
  const endPassed = end !== undefined && end < dayOf(now) ? end : undefined;
  const common = {
    status: 'unconfirmed',
    ...(endPassed ? { endDatePassed: endPassed } : {}),
    ...(confirmedOn ? { lastConfirmation: confirmedOn } : {}),
  } as const;
  if (rule === 'unverified') {
    return {
      ...common,
      registryStatus: status,
      reason: `registry status is ${status} (the registry does not vouch for it)${endPassed ? `, its end date ${endPassed} has passed` : ''}; ${lastConfirmation}`,
    };
  }
  if (endPassed) {
    return { ...common, reason: `registry end date ${endPassed} has passed; ${lastConfirmation}` };
  }
  return {
    status: 'registry',
    reason: `registry status is recruiting${end ? `, its end date ${end} still ahead` : ''}`,
  };
}

/**
 * Whom the site's clinicians contact: the site's own contact, else the registry's central
 * contact; undefined when neither names one (the registry page is then the way in).
 */
export function studyContact(trial: Trial): NonNullable<Trial['site']['contact']> | undefined {
  return trial.site.contact ?? trial.registry.contact;
}

/** A contact on one line, "name, phone, email" (the fields it has). */
export function contactLine(contact: NonNullable<Trial['site']['contact']>): string {
  return [contact.name, contact.phone, contact.email].filter((s): s is string => s !== undefined).join(', ');
}

/** The study contact on one line (contactLine); undefined without one. */
export function studyContactText(trial: Trial): string | undefined {
  const contact = studyContact(trial);
  return contact ? contactLine(contact) : undefined;
}
