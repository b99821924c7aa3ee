/**
 * Type-level proofs that a resource's public Args type and its zod schema accept the same shapes
 * (test/types/args.test.ts, test/nextbilling/queue/args.test.ts): checked by the type-checker.
 */
import type * as pulumi from "@pulumi/pulumi";

/** An arg as the provider receives it: Input, Output and Promise taken away at every level. */
export type Resolved<T> =
    T extends pulumi.OutputInstance<infer U>
        ? Resolved<U>
        : T extends Promise<infer U>
          ? Resolved<U>
          : T extends (infer E)[]
            ? Resolved<E>[]
            : T extends object
              ? { [K in keyof T]: Resolved<T[K]> }
              : T;

/** True when A and B have the same keys, at the top and inside object values, and accept each other's values. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type SameKeys<A, B> = [keyof A] extends [keyof B]
    ? [keyof B] extends [keyof A]
        ? false extends {
              [K in keyof A & keyof B]: NonNullable<A[K]> extends object
                  ? NonNullable<A[K]> extends unknown[]
                      ? true
                      : SameKeys<NonNullable<A[K]>, NonNullable<B[K]>>
                  : true;
          }[keyof A & keyof B]
            ? false
            : true
        : false
    : false;

/** Compiles only when its type argument is `true`. */
export const same = <T extends true>(_proof: T) => _proof;
