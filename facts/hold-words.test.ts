import { describe, expect, test } from '@jest/globals';
import { isHeldText, mentionsPump } from './dosage-text.js';
import { namesPumpSupply } from './pump-supply.js';
import { isIntravenous } from './route.js';

// The words of a dosage or note that pause an insulin (docs/clinical-rules.md, "Active in status
// only"), and the drug names that are insulin-pump supplies ("Already on a pump"). A hold missed
// is a card that may fire on an insulin not injected; an instruction read as a hold loses a card.

describe('hold words: the dose is paused, stopped or not taken', () => {
  test.each([
    // Epic's medication reconciliation, and other EHRs' "not taking" wording.
    ['an Epic reconciliation "Patient not taking"', 'Patient not taking: Reported on 11/20/2026'],
    ['"Not taking"', 'Not taking'],
    ["a coded status reason's display", 'Drugs not taken/completed'],
    ['"Discontinued by patient"', 'Discontinued by patient'],
    ['"discontinued"', 'discontinued'],
    ['"Patient stopped taking it"', 'Patient stopped taking it'],
    ['a French stop with a date', 'Arrêt Lantus le 02/11'],
    ['"traitement interrompu"', 'traitement interrompu par le patient'],
    ['"stoppé"', 'Stoppé par le patient'],
    // A condition word far before the cue does not make the hold conditional.
    ['a "when" far from the hold ("when admitted, hold")', 'Per endocrinology when admitted, hold insulin'],
    // A condition in another clause of the same sentence does not either.
    ['a hold whose "if" lies in the next clause', 'Hold insulin until seen, resume if BG > 200'],
    // Guards: what was held before stays held.
    ['"DO NOT TAKE"', 'DO NOT TAKE'],
    ['"HOLD: 10 units"', 'HOLD: 10 units three times a day'],
    ['"Arrêtée le 12/11"', 'Arrêtée le 12/11'],
    ['"Do not give - patient NPO"', 'Do not give - patient NPO'],
    // A resumption to come, or denied, leaves the hold standing.
    ['"reprise prévue le 12/12"', 'Suspendu, reprise prévue le 12/12'],
    ['"held, not resumed"', 'Held during admission, not resumed at discharge'],
    ['"Hold for NPO" (the patient is fasting now: a hold until told)', 'Hold for NPO'],
    ['"Do not take, with the new pen from now on"', 'Do not take. With the new pen from now on'],
    // Decision: a switch sentence stops a product; the text alone cannot tell which order it is on.
    ['"Lantus arrêté, remplacé par Toujeo"', 'Lantus arrêté, remplacé par Toujeo 20 UI le soir'],
    // A replacement alone says the same (a review of hospital orders, 2026-12-05).
    ['"Remplacé par Fiasp le 10/11/2026"', 'Remplacé par Fiasp le 10/11/2026'],
    ['"Replaced by NovoLog"', 'Replaced by NovoLog 8 units TID'],
    ['"D/C\'d 11/20 - pt switched to Ozempic"', "D/C'd 11/20 - pt switched to Ozempic"],
    // Stops and non-use as reconciliation notes write them (a review of realistic records, 2026-12-05).
    ['"Patient no longer using"', 'Patient no longer using'],
    ['"No longer taking"', 'No longer taking'],
    ['"Stopped by patient"', 'Stopped by patient'],
    ['"Changed to pump"', 'Changed to pump'],
    ['"Pt self-d/c\'d"', "Pt self-d/c'd"],
    ['"Pt reports not using"', 'Pt reports not using'],
    ['"STOP taking Humalog. Use Toujeo only."', 'STOP taking Humalog. Use Toujeo only.'],
    ['"Transitioned to insulin pump"', 'Transitioned to insulin pump 10/2026'],
    ['"Patient refuses mealtime insulin, not injecting"', 'Patient refuses mealtime insulin, not injecting'],
    ['"Relais par pompe"', 'Relais par pompe le 12/10'],
    ['"N\'utilise plus"', "N'utilise plus son stylo"],
    ['"ne fait plus ses injections"', 'Ne fait plus ses injections du midi'],
    ['"Abandon de l\'insuline rapide"', "Abandon de l'insuline rapide"],
    ['"Stop NovoRapid"', 'Stop NovoRapid'],
    ['"No longer taking per patient"', 'No longer taking per patient'],
    ['"Stopped by patient in October"', 'Stopped by patient in October'],
    ['"N\'utilise plus la NovoRapid depuis 2 mois"', "N'utilise plus la NovoRapid depuis 2 mois"],
    ['"Abandon de l\'insuline rapide (refus du patient)"', "Abandon de l'insuline rapide (refus du patient)"],
    ['"D/C per endo 11/20"', 'D/C per endo 11/20'],
    ['"Ceased 11/2026"', 'Ceased 11/2026'],
    ['"Passage sous pompe Omnipod"', 'Passage sous pompe Omnipod en octobre'],
    ['"Ne prend plus"', 'Ne prend plus cette insuline'],
    ['"supprimée"', 'Insuline rapide supprimée'],
    ['"retirée"', 'Retirée du traitement'],
    ['"A cessé"', 'A cessé les injections'],
  ])('%s is a hold', (_name, text) => {
    expect(isHeldText(text)).toBe(true);
  });

  test.each([
    // A "do not" about the route is the product's wording, not a hold.
    ['a route warning (vein or muscle)', 'Do not inject into a vein or muscle'],
    ['"Do not administer intravenously"', 'Do not administer intravenously'],
    ['"Do not give IV"', 'Do not give IV'],
    ['a French route warning', 'Ne pas injecter en intraveineuse'],
    // A condition within a few words after the cue keeps the dose scheduled.
    ['"Hold dose if BG < 70"', 'Hold dose if BG < 70'],
    ['"Hold insulin if BG<100"', 'Hold insulin if BG<100'],
    ['"hold breakfast dose if not eating"', 'hold breakfast dose if not eating'],
    ['"Do not give insulin if BG<100"', 'Do not give insulin if BG<100'],
    ['"Hold dose for BG<70"', 'Hold dose for BG<70'],
    // A condition just before the cue, decimal comma included.
    ['"Si glycémie < 0,70 g/L, ne pas injecter"', 'Si glycémie < 0,70 g/L, ne pas injecter'],
    // A negated hold is an order to give.
    ['"DO NOT HOLD basal insulin"', 'DO NOT HOLD basal insulin'],
    // Injection technique.
    ['holding the needle 10 seconds', 'Inject 10 units and hold the needle under the skin for 10 seconds'],
    ['the pen held in place', 'Inject under the skin, keep the pen held in place 10 seconds'],
    // "arrêtée à 10 UI" sets the dose.
    ['"Dose arrêtée à 10 UI"', 'Dose arrêtée à 10 UI matin midi et soir'],
    // Guards: conditions read before stay conditional.
    ['"hold if BG < 70"', '10 units TID with meals. Hold if BG < 70.'],
    ['"If BG < 70, hold"', '10 units TID. If BG < 70, hold.'],
    ['"ne pas injecter en cas d\'hypoglycémie"', "Ne pas injecter en cas d'hypoglycémie"],
    // What to take it with is a warning, not a hold.
    ['"Do not take with alcohol"', 'Do not take with alcohol'],
    ['"Ne pas prendre avec de l\'alcool"', "Ne pas prendre avec de l'alcool"],
    // A hold that is over.
    ['"Previously on hold, resumed"', 'Previously on hold, resumed 11/20'],
    ['"Held 3 days, restarted"', 'Held 3 days for surgery, restarted on 11/20'],
    ['"suspendu puis repris"', "Suspendu pendant l'hospitalisation puis repris le 20/11"],
    // A switch that names both drugs cannot tell which order it stops (a review, 2026-12-05).
    ['"Switched to Humalog from Novolog in 2024"', 'Switched to Humalog from Novolog in 2024'],
    ['"Pen replaced with vial"', 'Pen replaced with vial per insurance'],
    ['"Lantus remplacée par Abasaglar"', 'Lantus remplacée par Abasaglar en 2023'],
    ['"Novolog D/C\'d - switched to Humalog"', "Novolog D/C'd 03/2024 - switched to Humalog"],
    // Guards of the stop words added on 2026-12-05: a negated stop, when the order ends, a dose
    // or schedule change on the same order, words that only look alike.
    ['"Do not stop"', 'Do not stop without talking to your doctor'],
    ['"Stop date"', '10 units TID. Stop date: 2027-01-01'],
    ['"Stop if BG < 70"', '10 units TID, stop if BG < 70'],
    ['"Changed to 12 units"', 'Changed to 12 units with meals'],
    ['"Changed to twice daily"', 'Changed to twice daily'],
    ['"Switched to 8 units TID"', 'Switched to 8 units TID'],
    ['"sans cesse"', 'Glycémies élevées sans cesse, 10 UI matin midi et soir'],
    ['"retirer l\'aiguille"', "Retirer l'aiguille après 10 secondes"],
    // A stop of another drug or habit on the same note, a change of pen, timing or pharmacy, a
    // pump only planned (a regression review, 2026-12-05).
    ['a stop of another drug', 'Stop glipizide. Continue Humalog 10 units TID'],
    ['another drug stopped', 'Metformin stopped due to GI upset'],
    ['another drug no longer taken', 'No longer taking glipizide'],
    ['another drug no longer taken, with a date', 'No longer taking glipizide since 2024'],
    ['another drug ceased', 'Ceased Victoza 03/2026'],
    ['a habit stopped', 'Pt stopped smoking in 2024'],
    ['a switch naming both insulins', 'NPH stopped, Lantus 34 units started'],
    ['a change of pen', 'Changed to KwikPen'],
    ['a change of timing', 'Moved to bedtime dosing'],
    ['a switch of brand', 'Switched to Toujeo only'],
    ['a reaction warning', 'Stop using and get medical help right away if you have an allergic reaction'],
    ['a stop date after a colon', 'Stop: 10/31/2027'],
    ['vials no longer used', 'No longer using vials - KwikPen now'],
    ['an injection site', 'Not injecting in arms anymore'],
    ['a pump planned', 'To be switched to insulin pump after training'],
    ['another drug relayed', 'Relais du Diamicron par Humalog'],
    ['a nurse taking over', 'IDE prend le relais par passage quotidien'],
    ['another drug removed', 'Gliclazide supprimé'],
    ['a prescription picked up', 'Ordonnance retirée en pharmacie'],
    ['another drug given up', 'Abandon du Victoza'],
    ['another drug no longer taken, in French', 'Ne prend plus de Diamicron'],
    ['glucose checks dropped', 'Ne fait plus ses glycémies le week-end'],
    ['smoking given up', 'A cessé de fumer'],
    ['a pump to discuss', 'Passage sous pompe à discuter'],
    ['"supprimer les bulles"', 'Supprimer les bulles avant injection'],
  ])('%s is no hold', (_name, text) => {
    expect(isHeldText(text)).toBe(false);
  });
});

describe('pump supplies ordered as a medication, by name', () => {
  test.each<[string, string, boolean]>([
    // Generic supply words with no insulin or pump beside them name other equipment.
    ['an enteral feeding tubing', 'Tubulure pour nutrition entérale', false],
    ['an IV infusion set', 'IV infusion set, 1 each', false],
    ['an inhaler spacer', 'Spacer with reservoir bag', false],
    ['an IV giving set (French)', 'Set de perfusion pour perfuseur', false],
    ['a feeding pump reservoir', 'Reservoir for enteral feeding pump', false],
    // Guards: with an insulin or pump context, or a brand, they are pump supplies.
    ['a reservoir for an insulin pump', 'Reservoir for insulin pump 3 mL', true],
    ['a "réservoir pour pompe"', 'Réservoir pour pompe 3 ml', true],
    ['an insulin infusion set', 'Insulin infusion set 6 mm 23"', true],
    ['a set de perfusion for insulin', 'Set de perfusion pour pompe à insuline 9 mm', true],
    ['a brand alone (Quick-set)', 'Quick-set 9 mm 60 cm', true],
    ['a brand alone (Omnipod)', 'Omnipod DASH Pods (5 pack)', true],
    ['a proton pump inhibitor', 'Omeprazole 20 mg (proton pump inhibitor)', false],
    // Names a review of US records found missing (2026-12-07).
    ['a Paradigm reservoir', 'MiniMed Paradigm Reservoir 3 mL (MMT-332A)', true],
    ['an MMT part number alone', 'Reservoir MMT-326A 1.8 mL', true],
    ['a Medtronic Extended set', 'Medtronic Extended Infusion Set 6 mm 23"', true],
    ['an Accu-Chek FlexLink set', 'Accu-Chek FlexLink 8 mm/80 cm', true],
    ['a Contact Detach set', 'Contact Detach infusion set 6 mm', true],
    ['an Orbit micro set', 'Orbit micro 5.5 mm 60 cm', true],
    ['an iLet cartridge', 'iLet insulin cartridge', true],
    ['a twiist cassette', 'twiist cassette 3 mL', true],
    ['a pen cartridge', 'Insulin pen cartridge holder', false],
    ['methadone maintenance', 'Methadone 10 mg/mL (MMT program)', false],
  ])('%s ("%s") → supply %s', (_name, text, expected) => {
    expect(namesPumpSupply(text)).toBe(expected);
  });
});

describe('a route warning is no intravenous route', () => {
  test.each<[string, string, boolean]>([
    ['"Ne pas injecter en intraveineuse"', 'Sous-cutané. Ne pas injecter en intraveineuse', false],
    ['"Do not give IV" after a subcutaneous sig', 'Inject under the skin. Do not give IV', false],
    ['a drip told not to stop (guard)', 'Insulin IV drip, do not stop', true],
    ['an IVSE syringe driver (guard)', 'Insuline IVSE 2 UI/h', true],
  ])('%s ("%s") → intravenous %s', (_name, text, expected) => {
    expect(isIntravenous([{ text }])).toBe(expected);
  });
});

describe('a pump named in an order text', () => {
  test.each<[string, boolean]>([
    ['8 UI aux repas via PSCI', true],
    ['Bolus via Omnipod 5 with meals', true],
    ['YpsoPump: débit de base 0,8 UI/h', true],
    ['t:slim X2, Control-IQ', true],
    // A pump denied, refused, discussed or planned is no pump in use.
    ['Omnipod discussed, patient declined', false],
    ['Pas de PSCI souhaitée par le patient', false],
    ['PSCI envisagée en 2027', false],
    // A brand that also sells sensors is left to the Device value sets.
    ['Medtronic MiniMed Guardian 4 sensor', false],
    ['Medtrum Nano CGM', false],
  ])('"%s": %s', (text, expected) => {
    expect(mentionsPump(text)).toBe(expected);
  });
});
