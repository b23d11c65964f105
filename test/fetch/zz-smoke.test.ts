import { test } from 'vitest';
import { startHostileServer } from '../../test/helpers/hostile-server.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { testPolicy, expectFailure } from '../../test/fetch/fetch-test-kit.js';
test('smoke', async () => {
  const s = await startHostileServer({ tls: true, canaries: true });
  const p = testPolicy(s.hostPort);
  const paths = ['/ok','/hang-headers','/slow?every=300','/stall','/endless','/huge-declared','/truncated-length','/close-mid-body','/reset','/gzip-bomb','/br-bomb?mib=64','/gzip-chain','/encoding-lie','/encoding-unknown','/gzip-ok','/br-ok','/deflate-ok','/deflate-raw-ok','/gzip-truncated','/redirect-loop','/redirect-chain/2','/redirect-chain/50','/redirect-scheme/file','/redirect-private/2130706434','/redirect-private/%5B%3A%3Affff%3A127.0.0.3%5D','/redirect-no-location','/redirect-relative','/moved-permanently','/moved-mixed','/redirect-https-bad-tls','/429?after=120','/503?after=Wed,%2021%20Oct%202015%2007:28:00%20GMT','/status/500','/404','/410','/401','/403','/403-challenge','/503-challenge','/200-challenge','/etag','/304-unsolicited','/empty','/empty-chunked','/200-error-page','/huge?mib=3'];
  for (const path of paths) {
    const t = performance.now();
    try { const o = await fetchFeed({ url: s.origin + path }, p); console.log(path, o.kind, o.status, o.finalUrl, (o as any).bytes, o.permanentRedirect, JSON.stringify(o.cache), Math.round(performance.now()-t)); }
    catch (e: any) { console.log(path, e.code, e.toLine?.(), e.status, e.retryAfterMs, Math.round(performance.now()-t)); }
  }
  for (const path of ['/huge-headers','/many-headers','/bad-chunked','/http09','/ok']) {
    try { const o = await fetchFeed({ url: s.rawOrigin + path }, testPolicy(`127.0.0.1:${s.rawPort}`)); console.log('raw', path, o.kind); }
    catch (e: any) { console.log('raw', path, e.toLine?.(), e.cause?.code); }
  }
  for (const url of [s.tlsOrigin + '/ok', `https://127.0.0.1:${s.port}/ok`, 'http://127.0.0.1:1/', 'http://2130706434:'+s.port+'/ok', 'http://nosuch.invalid/']) {
    try { const o = await fetchFeed({ url }, testPolicy(`127.0.0.1:${s.tlsPort}`, {allow:[`127.0.0.1:${s.tlsPort}`, `127.0.0.1:${s.port}`, '127.0.0.1:1']})); console.log(url, o.kind); }
    catch (e: any) { console.log(url, e.toLine?.(), e.cause?.code); }
  }
  console.log('foreign', s.foreignHits);
  await s.close();
}, 60000);
