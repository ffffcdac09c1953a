import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from './heap.js';

interface Item {
  heapIndex: number;
  key: number;
  id: number;
}

const before = (a: Item, b: Item) => (a.key !== b.key ? a.key < b.key : a.id < b.id);

describe('IndexedHeap', () => {
  it('pops in key order after any mix of pushes and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean())), (spec) => {
        const heap = new IndexedHeap<Item>(before);
        const items = spec.map(([key], id) => ({ heapIndex: -1, key, id }));
        for (const item of items) heap.push(item);
        const removed = items.filter((_, i) => spec[i]?.[1]);
        for (const item of removed) expect(heap.remove(item)).toBe(true);
        const expected = items
          .filter((i) => !removed.includes(i))
          .sort((a, b) => a.key - b.key || a.id - b.id);
        const popped: Item[] = [];
        for (let item = heap.pop(); item; item = heap.pop()) popped.push(item);
        expect(popped).toEqual(expected);
        expect(items.every((i) => i.heapIndex === -1)).toBe(true);
      }),
    );
  });

  it('refuses to remove an item it does not hold', () => {
    const a = new IndexedHeap<Item>(before);
    const b = new IndexedHeap<Item>(before);
    const item = { heapIndex: -1, key: 1, id: 1 };
    b.push({ heapIndex: -1, key: 0, id: 0 });
    a.push(item);
    expect(b.remove(item)).toBe(false);
    expect(a.remove(item)).toBe(true);
    expect(a.remove(item)).toBe(false);
  });
});
