import { describe, expect, it } from 'vitest';
import { alive, checkProfile, deprecatedIn, NEWEST_RELEASE, PROFILES, RELEASES, releaseFromVersion, releaseOf, visibleIn } from './profile.js';

describe('profiles', () => {
  it('every release from 4.2 to the newest, then latest', () => {
    expect(RELEASES[0]).toBe('4.2');
    expect(PROFILES.at(-1)).toBe('latest');
    expect(releaseOf('latest')).toBe(NEWEST_RELEASE);
  });

  it('visibleIn: added in since, gone from removed on', () => {
    expect(visibleIn(undefined, '4.2')).toBe(true);
    expect(visibleIn('8.1', '8.0')).toBe(false);
    expect(visibleIn('8.1', '8.1')).toBe(true);
    expect(visibleIn('8.1', '10.0')).toBe(true); // numeric, not lexical
    expect(visibleIn(undefined, '7.0', '7.1')).toBe(true);
    expect(visibleIn(undefined, '7.1', '7.1')).toBe(false);
    expect(visibleIn('10.0', 'latest')).toBe(true);
    expect(alive({ removed: '10.1' }, 'latest')).toBe(false);
    expect(deprecatedIn('5.2', '5.1')).toBe(false);
    expect(deprecatedIn('5.2', '6.0')).toBe(true);
    expect(deprecatedIn(undefined, 'latest')).toBe(false);
  });

  it('checkProfile names the value and suggests the nearest', () => {
    expect(checkProfile('9.1')).toEqual({ ok: true, value: '9.1' });
    expect(checkProfile('9.1.0')).toEqual({ ok: true, value: '9.1' });
    const r = checkProfile('lastest');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe("unknown catalog profile 'lastest'");
      expect(r.error.suggestions).toContain('latest');
    }
  });

  it('releaseFromVersion reads versions and versioned machine types', () => {
    expect(releaseFromVersion('pc-q35-9.1')).toBe('9.1');
    expect(releaseFromVersion('pc-i440fx-6.2')).toBe('6.2');
    expect(releaseFromVersion('virt-10.0')).toBe('10.0');
    expect(releaseFromVersion('s390-ccw-virtio-9.1')).toBe('9.1');
    expect(releaseFromVersion('pseries-10.0')).toBe('10.0');
    expect(releaseFromVersion('10.1.0')).toBe('10.1');
    expect(releaseFromVersion('9.2.50')).toBe('10.0'); // development tree after 9.2
    expect(releaseFromVersion('q35')).toBeUndefined();
    expect(releaseFromVersion('pc-q35-4.0.1')).toBeUndefined(); // older than the catalog
    expect(releaseFromVersion('12.0')).toBeUndefined();
  });
});
