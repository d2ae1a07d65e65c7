import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertionSort, selectedMedian } from './selection.js';

const medianOf = (values: number[]) => selectedMedian(Float64Array.from(values), values.length);

describe('selected median', () => {
  it('is the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([7])).toBe(7);
  });

  it('handles repeated values', () => {
    expect(medianOf([5, 5, 5, 1])).toBe(5);
    expect(medianOf([2, 9, 2, 9, 2])).toBe(2);
  });

  it('places -0 before 0 as the typed array sort does', () => {
    // Sorted: -0, 0, 1: the middle one is 0.
    expect(Object.is(medianOf([0, -0, 1]), 0)).toBe(true);
    // Sorted: -1, -0, -0, 0, 0: the middle one is -0.
    expect(Object.is(medianOf([0, -0, 0, -1, -0]), -0)).toBe(true);
    // Sorted: -0, -0, 0, 5: the mean of -0 and 0 is 0.
    expect(Object.is(medianOf([0, 5, -0, -0]), 0)).toBe(true);
    // Sorted: -2, -0, -0, 3: the mean of -0 and -0 is -0.
    expect(Object.is(medianOf([-0, 3, -0, -2]), -0)).toBe(true);
  });

  it('puts NaN last, as the typed array sort does', () => {
    // Sorted: 1, 2, NaN.
    expect(medianOf([Number.NaN, 2, 1])).toBe(2);
    // Sorted: 1, 2, 3, NaN: (2 + 3) / 2.
    expect(medianOf([3, Number.NaN, 1, 2])).toBe(2.5);
  });

  it('agrees with sorting for any list of numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 }), fc.constant(-0)), {
          minLength: 1,
          maxLength: 80,
        }),
        (values) => {
          const sorted = Float64Array.from(values).sort();
          const middle = sorted.length >> 1;
          const expected =
            sorted.length % 2 === 1
              ? sorted[middle]
              : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
          expect(Object.is(medianOf(values), expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('insertion sort', () => {
  it('sorts the first n values and leaves the rest', () => {
    const values = Float64Array.from([3, 1, 2, 0]);
    insertionSort(values, 3);
    expect([...values]).toEqual([1, 2, 3, 0]);
  });
});
