/**
 * A list of every value of a union the server's types define, checked by the compiler both ways: a value
 * the server does not know is refused, and one it added that the list lacks names itself in the error.
 * `everyOf<DisposalMethod>()(['physical_destruction', …])`.
 */
export function everyOf<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })): readonly T[] => values;
}
