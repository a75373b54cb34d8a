import { describe, expect, test } from '@jest/globals';
import { holdsRole, rolesIn } from './role-claim.js';

describe('reading the role claim', () => {
  test.each([
    ['an array', { roles: ['staff', 'screening'] }, 'roles', ['staff', 'screening']],
    ['a space-separated string', { roles: 'staff  screening' }, 'roles', ['staff', 'screening']],
    ['a single string', { groups: 'screening' }, 'groups', ['screening']],
    ['a nested path (Keycloak)', { realm_access: { roles: ['screening'] } }, 'realm_access.roles', ['screening']],
    [
      'a claim name with dots (a URL)',
      { 'https://example.org/roles': ['screening'] },
      'https://example.org/roles',
      ['screening'],
    ],
    ['an absent claim', { name: 'x' }, 'roles', []],
    ['a number', { roles: 7 }, 'roles', []],
    ['an object', { roles: { screening: true } }, 'roles', []],
    ['non-strings in the array', { roles: ['screening', 3, null, ''] }, 'roles', ['screening']],
    ['a path through an array', { realm_access: [{ roles: ['screening'] }] }, 'realm_access.roles', []],
  ])('from %s', (_shape, claims, claim, roles) => {
    expect(rolesIn(claims, claim)).toEqual(roles);
  });

  test.each([
    ['holds the role', { roles: ['screening'] }, true],
    ['holds it among others', { roles: 'a screening b' }, true],
    ['holds another case of it', { roles: ['Screening'] }, false],
    ['holds a longer role containing it', { roles: ['screening-admin'] }, false],
    ['holds none', {}, false],
  ])('a user who %s may use the worklist: %s', (_who, claims, allowed) => {
    expect(holdsRole(claims, 'roles', 'screening')).toBe(allowed);
  });
});
