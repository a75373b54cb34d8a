/**
 * LOINC codes end in a mod-10 check digit (LOINC Users' Guide, "Calculating Mod 10 check
 * digits": https://loinc.org/kb/users-guide/calculating-mod-10-check-digits/). A code whose digit
 * does not match names no LOINC term: a value set listing it would never match a real result, and
 * the criterion it serves would read "no result" where the laboratory sent one.
 */

/** The check digit of a LOINC code's number part ("42595" gives 9). */
export function loincCheckDigit(number: string): number {
  let sum = 0;
  // From the rightmost digit: every other digit, starting with it, is doubled and its digits summed.
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      d = Math.floor(d / 10) + (d % 10);
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a string is a LOINC code (digits, a hyphen, one check digit) whose check digit is right. */
export function isValidLoincCode(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  return m !== null && loincCheckDigit(m[1] ?? '') === Number(m[2]);
}
