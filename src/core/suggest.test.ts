import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from './suggest.js';

describe('suggestions', () => {
  it('measures edit distance', () => {
    expect(editDistance('z14', 'z14')).toBe(0);
    expect(editDistance('z41', 'z14')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests the nearest model names', () => {
    expect(suggest('z144', ['z14', 'z13', 'gen15a', 'z900'])[0]).toBe('z14');
    expect(suggest('Z14', ['z14', 'z13'])[0]).toBe('z14');
    expect(didYouMean('qwertyuiop', ['z14'])).toBe('');
    expect(didYouMean('z14x', ['z14'])).toBe(" (did you mean 'z14'?)");
  });
});
