import type { z } from "zod";

// Type-level link between a response schema and the type the server code builds (lib/types/ and friends):
// when one of them gains, loses or changes a field and the other does not, typecheck fails here.

type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/** True when the schema's output fits the type and both have exactly the same top-level keys. */
export type Describes<Output, T> = [Output] extends [T] ? SameKeys<Output, T> : false;

/**
 * Returns the schema unchanged; the call does not compile unless the schema describes `T`
 * (usage: `describes<StatusSnapshot>()(z.strictObject({…}))`).
 */
export function describes<T>() {
  return <S extends z.ZodType>(schema: S, ...drift: Describes<z.output<S>, T> extends true ? [] : [schemaAndTypeDiffer: never]): S => {
    void drift;
    return schema;
  };
}

/** Compiles only when `Missing` is `never`: a list that must name every member of a union calls it with the members it lacks. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameter is the whole check
export function covers<Missing extends never>(): void {}
