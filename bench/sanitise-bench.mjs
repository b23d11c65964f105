// Sanitiser throughput: feedloom's streaming sanitiser against a straightforward cheerio
// load/filter/serialise sanitiser (issue 7's naive baseline), on realistic 1–3 KB article bodies.
// Run after `npx tsc -p .`:  node bench/sanitise-bench.mjs [items] [rounds]
import { load } from 'cheerio';
import { sanitiseHtml } from '../dist/normalise/html.js';

const ITEMS = Number(process.argv[2] ?? 4000);
const ROUNDS = Number(process.argv[3] ?? 3);
const BASE = 'https://example.org/2026/11/post.html';

/** A deterministic pseudo-random generator, so every run measures the same bodies. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = 'the of and a to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(' ');

function body(next) {
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(next() * 14) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}${next() < 0.1 ? ' &amp; more' : ''}.`;
  };
  const parts = [];
  let size = 0;
  const target = 1000 + Math.floor(next() * 2000);
  while (size < target) {
    const roll = next();
    let part;
    if (roll < 0.5) part = `<p>${sentence()} <a href="/articles/${Math.floor(next() * 1e6)}?utm_source=rss" title="Read">${sentence()}</a> <em>${sentence()}</em></p>`;
    else if (roll < 0.65) part = `<p><img src="https://cdn.example.org/img/${Math.floor(next() * 1e6)}.jpg" alt="Photo" width="640" height="480" class="wp-image"></p>`;
    else if (roll < 0.75) part = `<ul><li>${sentence()}</li><li><strong>${sentence()}</strong></li></ul>`;
    else if (roll < 0.83) part = `<blockquote cite="https://example.com/q"><p>${sentence()}</p></blockquote>`;
    else if (roll < 0.88) part = `<div class="share" style="display:flex"><span onclick="share()">Share</span><script>track(${Math.floor(next() * 100)})</script></div>`;
    else if (roll < 0.92) part = `<iframe src="https://www.youtube.com/embed/x" width="560" height="315"></iframe><img src="https://pixel.example.com/p.gif" width="1" height="1">`;
    else part = `<h2 id="s${Math.floor(next() * 100)}">${sentence()}</h2><pre><code>const x = 1 &lt; 2;</code></pre>`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('\n');
}

// The naive baseline: a DOM per item, walked with cheerio's selectors, then serialised.
const CHEERIO_TAGS = new Set(['a', 'b', 'i', 'em', 'strong', 'p', 'div', 'span', 'ul', 'ol', 'li', 'img', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'pre', 'code', 'br', 'hr', 'figure', 'figcaption', 'table', 'tr', 'td', 'th', 'tbody', 'thead']);
const CHEERIO_ATTRS = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'cite']);
function sanitiseWithCheerio(html) {
  const $ = load(html, null, false);
  $('script, style, iframe, object, embed, form, svg, math, noscript, template, base, meta, link').remove();
  $('*').each((_, element) => {
    if (!CHEERIO_TAGS.has(element.tagName)) {
      $(element).replaceWith($(element).contents());
      return;
    }
    for (const name of Object.keys(element.attribs)) {
      if (!CHEERIO_ATTRS.has(name)) $(element).removeAttr(name);
      else if (name === 'href' || name === 'src') {
        try {
          const url = new URL(element.attribs[name], BASE);
          if (url.protocol === 'http:' || url.protocol === 'https:') $(element).attr(name, url.href);
          else $(element).removeAttr(name);
        } catch {
          $(element).removeAttr(name);
        }
      }
    }
    if (element.tagName === 'img' && element.attribs.width === '1' && element.attribs.height === '1') $(element).remove();
  });
  return $.html();
}

function measure(name, sanitise, bodies) {
  const rates = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (const html of bodies) sanitise(html, BASE);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStarted);
    // CPU time as well as wall time: on a shared machine other processes stretch the wall clock.
    rates.push({ itemsPerSecond: bodies.length / seconds, itemsPerCpuSecond: bodies.length / ((cpu.user + cpu.system) / 1e6) });
  }
  const median = (key) => rates.map((rate) => rate[key]).sort((a, b) => a - b)[Math.floor(rates.length / 2)];
  const itemsPerSecond = median('itemsPerSecond');
  return { name, itemsPerSecond: Math.round(itemsPerSecond), itemsPerCpuSecond: Math.round(median('itemsPerCpuSecond')), msPerItem: 1000 / itemsPerSecond };
}

const next = random(7);
const bodies = Array.from({ length: ITEMS }, () => body(next));
const averageBytes = Math.round(bodies.reduce((sum, html) => sum + html.length, 0) / bodies.length);
// Warm both up so the JIT has compiled the hot paths before anything is timed.
for (const html of bodies.slice(0, 300)) {
  sanitiseHtml(html, BASE);
  sanitiseWithCheerio(html);
}
const results = [measure('feedloom sanitiseHtml (htmlparser2, streaming)', sanitiseHtml, bodies), measure('cheerio load/filter/serialise', sanitiseWithCheerio, bodies)];
const inputMB = (bodies.length * averageBytes) / 1e6;
console.log(`${ITEMS} bodies, ${averageBytes} bytes on average; median of ${ROUNDS} rounds; Node ${process.version}`);
for (const result of results) {
  const mbPerSecond = (result.itemsPerSecond * averageBytes) / 1e6;
  console.log(
    `${result.name.padEnd(48)} ${String(result.itemsPerSecond).padStart(7)} items/s  ${String(result.itemsPerCpuSecond).padStart(7)} items/CPU-s  ${result.msPerItem.toFixed(3)} ms/item  ${mbPerSecond.toFixed(1)} MB/s`,
  );
}
console.log(
  `ratio: ${(results[0].itemsPerSecond / results[1].itemsPerSecond).toFixed(1)}x wall, ${(results[0].itemsPerCpuSecond / results[1].itemsPerCpuSecond).toFixed(1)}x CPU (input ${inputMB.toFixed(1)} MB per round)`,
);
