import { memoiseText } from './text-memo.js';

/*
 * Insulin-pump supplies ordered as medications: US EHRs and French pharmacies record reservoirs,
 * infusion sets and pods as MedicationRequests or MedicationStatements. Such an order means the
 * patient is on a pump or about to start one, so "no pump" cannot be shown. The words are narrow
 * on purpose: a bare "pump" also names proton-pump inhibitors, PCA and feeding pumps, and "cartridge"
 * names pen cartridges (Penfill); pen needles, lancets and glucose sensors are no pump supply.
 */

// Matched on folded text (accents and case folded, punctuation as spaces): "Réservoir" reads "reservoir".
const SUPPLY_CUES = [
  ' insulin pump ',
  ' insulin pumps ',
  ' pompe a insuline ',
  ' pompe insuline ',
  ' pompes a insuline ',
  ' reservoir ',
  ' reservoirs ',
  ' infusion set ',
  ' infusion sets ',
  ' set de perfusion ',
  ' sets de perfusion ',
  ' tubulure ',
  ' tubulures ',
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
];

function fold(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** Whether a drug's name or display names an insulin-pump supply ("Insulin pump reservoir", "set de perfusion"). */
export const namesPumpSupply = memoiseText((text: string): boolean => {
  const t = fold(text);
  return SUPPLY_CUES.some((cue) => t.includes(cue));
});
