/**
 * A count with its noun in the right form (“1 coding”, “2 codings”), chosen by Intl.PluralRules so
 * another language's plural categories can be added later in this one place.
 */
const rules = new Intl.PluralRules('en');

export function countOf(n: number, one: string, other = `${one}s`): string {
  return `${n.toLocaleString('en')} ${rules.select(n) === 'one' ? one : other}`;
}
