import { describe, expect, it } from 'vitest';
import { hasCredentials, redactUrl, redactUrlsInText } from '../../src/core/redact-url.js';

describe('redactUrl (issue 14)', () => {
  it('removes userinfo and masks secret-looking query values, leaving the rest byte for byte', () => {
    expect(redactUrl('http://alice:S3cr3tPass@127.0.0.1:8080/feed?api_key=SECRETKEY1&page=2&q=a%20b')).toBe('http://127.0.0.1:8080/feed?api_key=***&page=2&q=a%20b');
    expect(redactUrl('https://x.example/f?Token=abc&SIG=def&access_token=g')).toBe('https://x.example/f?Token=***&SIG=***&access_token=***');
  });

  it('leaves URLs without secrets, and paths, exactly as they were', () => {
    for (const url of ['https://x.example/feed?page=2&keyword=x', 'feeds/local.xml', 'https://x.example/a%2Fb']) {
      expect(redactUrl(url)).toBe(url);
      expect(hasCredentials(url)).toBe(false);
    }
  });

  it('redacts every URL inside a message', () => {
    expect(redactUrlsInText('500 from http://u:p@h.example/x?key=1, then https://h.example/y?auth=2')).toBe('500 from http://h.example/x?key=***, then https://h.example/y?auth=***');
  });
});
