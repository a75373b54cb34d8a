/**
 * A text's sentences, split at full stops, semicolons, exclamation marks and line breaks: a
 * condition or a topic in one sentence must not reach a finding or a dose in the next. A full
 * stop before a digit is a decimal point ("11.8" stays one number).
 */
export function sentencesOf(text: string | undefined): string[] {
  return (text ?? '').split(/(?:[;!\n]|\.(?!\d))+/);
}
