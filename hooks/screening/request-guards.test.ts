import { describe, expect, test } from '@jest/globals';
import { fromAnotherSite } from './request-guards.js';

const PUBLIC = 'https://cds.hospital.example';

describe('a request from another site', () => {
  test.each<[string, Record<string, string>, boolean]>([
    ['the page’s own fetch (Fetch Metadata)', { 'sec-fetch-site': 'same-origin', origin: 'null' }, false],
    ['a URL the user typed', { 'sec-fetch-site': 'none' }, false],
    ['another site’s form', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, true],
    ['a sibling subdomain', { 'sec-fetch-site': 'same-site', origin: 'https://intranet.hospital.example' }, true],
    ['an old browser on the public URL', { origin: PUBLIC, host: 'cds.hospital.example' }, false],
    ['an old browser on the Host it called', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, false],
    ['an old browser on another site', { origin: 'https://evil.example', host: 'cds.hospital.example' }, true],
    ['a sandboxed frame (Origin: null)', { origin: 'null', host: 'cds.hospital.example' }, true],
    ['a client that is not a browser', { host: 'cds.hospital.example' }, false],
  ])('%s: %s', (_who, headers, refused) => {
    expect(fromAnotherSite({ headers }, PUBLIC)).toBe(refused);
  });
});
