import { describe, expect, it } from 'vitest';
import { definitionsOnce } from './lazy.js';
import { createDriver } from '../arch/index.js';
import type { Arch } from './driver.js';

describe('definitionsOnce', () => {
  it('makes the list once and hands out copies the caller may change', () => {
    let made = 0;
    const defs = definitionsOnce(() => {
      made++;
      const d = { name: 'a', list: ['x'] };
      Object.defineProperty(d, 'hidden', { value: ['h'], enumerable: false });
      return [d];
    });
    const first = defs();
    first[0]!.name = 'changed';
    first[0]!.list.push('y');
    const second = defs();
    expect(made).toBe(1);
    expect(second[0]).toEqual({ name: 'a', list: ['x'] });
    expect(Object.keys(second[0]!)).toEqual(['name', 'list']);
    expect((second[0] as unknown as { hidden: string[] }).hidden).toEqual(['h']);
  });

  it('shared() is the list as made (the same objects every call, made once), which the copies do not change', () => {
    let made = 0;
    const defs = definitionsOnce(() => {
      made++;
      return [{ name: 'a', list: ['x'] }];
    });
    const shared = defs.shared();
    expect(defs.shared()).toBe(shared);
    const copy = defs();
    expect(copy[0]).not.toBe(shared[0]);
    copy[0]!.list.push('y');
    expect(shared[0]).toEqual({ name: 'a', list: ['x'] });
    expect(made).toBe(1);
  });

  it.each(['s390x', 'x86_64', 'ppc64', 'aarch64'] as Arch[])('%s: definitionsShared() answers what definitions() answers', (arch) => {
    const d = createDriver({ arch, accel: 'tcg' });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value.definitionsShared!()).toEqual(d.value.definitions());
  });

  it('copies keep read-only and accessor properties as they are (only plain objects are copied by value)', () => {
    const defs = definitionsOnce(() => {
      const fixed = { name: 'a' };
      Object.defineProperty(fixed, 'static', { value: true, enumerable: true, writable: false, configurable: true });
      const getter = { name: 'b' };
      Object.defineProperty(getter, 'deprecated', { get: () => false, enumerable: true, configurable: true });
      return [fixed, getter, { name: 'c', list: ['x'] }];
    });
    const [fixed, getter, plain] = defs() as Record<string, unknown>[];
    expect(Object.getOwnPropertyDescriptor(fixed!, 'static')).toEqual({ value: true, enumerable: true, writable: false, configurable: true });
    expect(typeof Object.getOwnPropertyDescriptor(getter!, 'deprecated')!.get).toBe('function');
    expect(plain).toEqual({ name: 'c', list: ['x'] });
    expect(Object.getOwnPropertyDescriptor(plain!, 'name')).toEqual({ value: 'c', enumerable: true, writable: true, configurable: true });
  });

  it.each(['s390x', 'x86_64', 'ppc64', 'aarch64'] as Arch[])('%s: a caller changing the definitions does not change the next answer', (arch) => {
    const d = createDriver({ arch });
    if (!d.ok) throw new Error(d.error.message);
    const a = d.value.definitions();
    const before = JSON.stringify(d.value.definitions());
    a[0]!.name = 'mutated';
    a[0]!['unavailable-features']?.push('mutated');
    expect(JSON.stringify(d.value.definitions())).toBe(before);
  });
});
