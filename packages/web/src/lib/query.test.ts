import { describe, expect, it } from 'vitest';
import { buildQuery, fillRoute, matchRoute, pageInfo, parseIdList, parseQuery, withQuery } from './query.js';

describe('buildQuery', () => {
  it('keeps the order given and leaves out empty values', () => {
    expect(buildQuery({ q: 'E00', kind: undefined, supply: null, feeder: '', page: 2 })).toBe(
      '?q=E00&page=2',
    );
  });
  it('returns an empty string when nothing is left', () => {
    expect(buildQuery({ a: undefined })).toBe('');
  });
  it('repeats the key for arrays and encodes reserved characters', () => {
    expect(buildQuery({ state: ['queued', 'failed'], q: 'a&b c' })).toBe(
      '?state=queued&state=failed&q=a%26b+c',
    );
  });
  it('writes booleans and zero', () => {
    expect(buildQuery({ prepaid: false, offset: 0 })).toBe('?prepaid=false&offset=0');
  });
  it('appends to a path that already has a query', () => {
    expect(withQuery('/api/meters', { q: 'x' })).toBe('/api/meters?q=x');
    expect(withQuery('/api/meters?limit=5', { q: 'x' })).toBe('/api/meters?limit=5&q=x');
    expect(withQuery('/api/meters', {})).toBe('/api/meters');
  });
  it('parses back the first value of each parameter', () => {
    expect(parseQuery('?q=a+b&q=c&page=3')).toEqual({ q: 'a b', page: '3' });
  });
});

describe('routes', () => {
  const routes = [
    { name: 'meters', pattern: '/meters' },
    { name: 'meter', pattern: '/meters/:id' },
    { name: 'home', pattern: '/' },
  ] as const;
  it('matches static and parameterised patterns and decodes parameters', () => {
    expect(matchRoute(routes, '/meters')).toEqual({ name: 'meters', params: {} });
    expect(matchRoute(routes, '/meters/E%2F01/')).toEqual({ name: 'meter', params: { id: 'E/01' } });
    expect(matchRoute(routes, '/')).toEqual({ name: 'home', params: {} });
  });
  it('matches nothing for unknown paths, empty parameters or bad escapes', () => {
    expect(matchRoute(routes, '/nope')).toBeUndefined();
    expect(matchRoute(routes, '/meters/%E0%A4%A')).toBeUndefined();
    expect(matchRoute(routes, '/meters/x/y')).toBeUndefined();
  });
  it('fills parameters, encoding them, and names a missing one', () => {
    expect(fillRoute('/meters/:id', { id: 'E 1' })).toBe('/meters/E%201');
    expect(() => fillRoute('/meters/:id', {})).toThrow(/needs parameter id/);
  });
});

describe('pageInfo', () => {
  it('computes offsets and the rows shown', () => {
    expect(pageInfo(1000, 3, 50)).toEqual({ pages: 20, page: 3, offset: 100, first: 101, last: 150 });
  });
  it('clamps the page into range and handles an empty list', () => {
    expect(pageInfo(120, 9, 50).page).toBe(3);
    expect(pageInfo(120, 0, 50).page).toBe(1);
    expect(pageInfo(0, 1, 50)).toEqual({ pages: 1, page: 1, offset: 0, first: 0, last: 0 });
  });
});

describe('parseIdList', () => {
  it('splits on commas, semicolons and white space, drops empties and repeats', () => {
    expect(parseIdList(' E001, E002;E003\nE001  E004 ')).toEqual(['E001', 'E002', 'E003', 'E004']);
    expect(parseIdList('  ')).toEqual([]);
  });
});
