import { normaliseText } from '../rules/value-sets.js';
import { memoiseText } from './text-memo.js';

/*
 * Insulin-pump supplies ordered as medications: US EHRs and French pharmacies record reservoirs,
 * infusion sets and pods as MedicationRequests or MedicationStatements. Such an order means the
 * patient is on a pump or about to start one, so "no pump" cannot be shown. The words are narrow
 * on purpose: a bare "pump" also names proton-pump inhibitors, PCA and feeding pumps, and "cartridge"
 * names pen cartridges (Penfill); pen needles, lancets and glucose sensors are no pump supply.
 */

// Matched on folded text (accents and case folded, punctuation as spaces): "Réservoir" reads "reservoir".
// Words and brands that name an insulin pump or its supplies on their own.
const PUMP_SUPPLY_NAMES = [
  ' insulin pump ',
  ' insulin pumps ',
  ' pompe a insuline ',
  ' pompe insuline ',
  ' pompes a insuline ',
  ' omnipod ',
  ' minimed ',
  ' ypsopump ',
  ' medtrum ',
  ' t slim ',
  ' quick set ',
  ' quickset ',
  ' autosoft ',
  ' trusteel ',
  ' varisoft ',
  ' csii ',
  // Pump brands also named in the device value set (rules/valuesets/insulin-pump-device.json), and
  // infusion sets sold by name: "V-Go 20 Kit", "Dana-i reservoir", "Mio Advance infusion set".
  ' insulin infusion pump ',
  ' v go ',
  ' dana i ',
  ' dana rs ',
  ' diabecare ',
  ' tandem diabetes ',
  ' tandem mobi ',
  ' accu chek insight ',
  ' accu chek combo ',
  ' accu chek solo ',
  ' kaleido ',
  ' insulet ',
  ' mio advance ',
  ' mio 30 ',
  ' silhouette infusion ',
  ' sure t ',
  ' inset 30 ',
  ' cleo 90 ',
  // Supplies sold under a pump maker's or a set's own name (a review of US records, 2026-12-07,
  // found each on a record whose pump Device was missing, and the pump card shown): Medtronic's
  // Paradigm reservoirs and Extended sets, its MMT- part numbers, Roche's FlexLink and Spirit
  // cartridges, Tandem's Contact Detach and Comfort sets, Unomedical's Orbit, Beta Bionics' iLet,
  // Sequel's twiist (a bare "cartridge" also names pen cartridges, and "MMT" methadone treatment).
  ' paradigm ',
  ' medtronic extended ',
  ' extended infusion set ',
  ' extended reservoir ',
  ' mmt 3',
  ' flexlink ',
  ' flex link ',
  ' accu chek spirit ',
  ' spirit cartridge ',
  ' spirit combo ',
  ' contact detach ',
  ' comfort short ',
  ' comfort infusion set ',
  ' orbit micro ',
  ' orbit 90 ',
  ' orbit soft ',
  ' ilet ',
  ' beta bionics ',
  ' twiist ',
  ' twiist cassette ',
  // The generic pharmacy name of Omnipod pods ("Insulin Disposable Pump Misc"), the US billing
  // name of a disposable insulin pump, and the French package of pump supplies ("Forfait PSCI
  // (consommables)"): each was read as no supply by a review of 2026-12-07, and the card shown.
  ' insulin disposable pump ',
  ' disposable insulin pump ',
  ' insulin delivery system ',
  ' ambulatory insulin delivery ',
  ' psci ',
  ' isci ',
];

// Generic supply words that also name enteral feeding, IV and inhaler equipment ("Tubulure pour
// nutrition entérale", "IV infusion set", "Spacer with reservoir bag"): a pump supply only when the
// same text also speaks of insulin or a pump.
const GENERIC_SUPPLY = [
  ' reservoir ',
  ' reservoirs ',
  ' infusion set ',
  ' infusion sets ',
  ' set de perfusion ',
  ' sets de perfusion ',
  ' tubulure ',
  ' tubulures ',
  ' catheter ',
  ' catheters ',
];
const INSULIN_CONTEXT = [' insulin ', ' insuline ', ' insulines ', ' pump ', ' pumps ', ' pompe ', ' pompes '];
// A pump of another kind ("enteral feeding pump", "pompe à protons") is no insulin context.
const OTHER_PUMP = / (?:proton|protons|enteral|enterale|feeding|nutrition|pca|analgesi\w*|parenteral|parenterale) /;

/** Whether a drug's name or display names an insulin-pump supply ("Insulin pump reservoir", "set de perfusion pour pompe"). */
export const namesPumpSupply = memoiseText((text: string): boolean => {
  const t = normaliseText(text);
  if (PUMP_SUPPLY_NAMES.some((cue) => t.includes(cue))) return true;
  return (
    GENERIC_SUPPLY.some((cue) => t.includes(cue)) &&
    !OTHER_PUMP.test(t) &&
    INSULIN_CONTEXT.some((cue) => t.includes(cue))
  );
});
