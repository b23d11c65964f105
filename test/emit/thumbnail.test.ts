import { describe, expect, it } from 'vitest';
import { thumbnailOf } from '../../src/emit/thumbnail.js';

const item = (fields: Partial<Parameters<typeof thumbnailOf>[0]>) => ({ thumbnail: null, enclosures: [], content: null, summary: null, ...fields });
const enclosure = (url: string, type: string | null) => ({ url, type, length: null });

describe('thumbnailOf', () => {
  it('prefers the feed\'s own thumbnail, then an image enclosure, then the first real image of the article', () => {
    const content = '<p><img src="http://cdn.example/in-body.jpg" alt="" /></p>';
    expect(thumbnailOf(item({ thumbnail: 'http://cdn.example/t.jpg', enclosures: [enclosure('http://cdn.example/e.jpg', 'image/jpeg')], content }))).toBe('http://cdn.example/t.jpg');
    expect(thumbnailOf(item({ enclosures: [enclosure('http://cdn.example/ep.mp3', 'audio/mpeg'), enclosure('http://cdn.example/e.png', 'IMAGE/PNG')], content }))).toBe('http://cdn.example/e.png');
    expect(thumbnailOf(item({ enclosures: [enclosure('http://cdn.example/e.webp?v=2', null)] }))).toBe('http://cdn.example/e.webp?v=2');
    expect(thumbnailOf(item({ enclosures: [enclosure('http://cdn.example/ep.mp3', 'audio/mpeg')], content }))).toBe('http://cdn.example/in-body.jpg');
    expect(thumbnailOf(item({ summary: '<img src="http://cdn.example/s.jpg?a=1&amp;b=2" />' }))).toBe('http://cdn.example/s.jpg?a=1&b=2');
  });

  it('skips icons and anything that is not http(s); null when nothing is left', () => {
    const content = '<img src="http://s.w.org/emoji.png" width="16" height="16" /><img src="data:image/png;base64,AAAA" /><img srcset="http://x.example/a.jpg 1x" src="http://cdn.example/photo.jpg" width="640" height="360" />';
    expect(thumbnailOf(item({ content }))).toBe('http://cdn.example/photo.jpg');
    expect(thumbnailOf(item({ thumbnail: 'javascript:alert(1)', enclosures: [enclosure('ftp://x.example/a.jpg', 'image/jpeg')], content: '<img src="data:image/gif;base64,R0" />' }))).toBeNull();
    expect(thumbnailOf(item({ content: '<p>No images.</p>' }))).toBeNull();
  });
});
