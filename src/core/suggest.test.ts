import { describe, expect, it } from 'vitest';
import { didYouMean } from './errors.js';
import { editDistance, near, suggest } from './suggest.js';

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
    expect(near('qwertyuiop', ['z14'])).toEqual({});
    expect(near('qwertyuiop', ['z14'], 'known: z14')).toEqual({ hint: 'known: z14' });
    expect(near('z14x', ['z14'])).toEqual({ suggestions: ['z14'] });
    expect(didYouMean(suggest('z14x', ['z14']))).toBe("did you mean 'z14'?");
    expect(didYouMean(['a', 'b'])).toBe("did you mean 'a' or 'b'?");
    expect(didYouMean([])).toBeUndefined();
  });
});
