/**
 * The sanitiser's allowlist (STYLE.md rule 6): only what is listed here survives.
 * Sources for the choices: miniflux `allowedHTMLTagsAndAttributes`, RELIABILITY.md R34–R39.
 * Nothing here may be a raw-text or foreign element (script, style, textarea, title, svg, math…):
 * because the output holds only ordinary elements with escaped text, every HTML5 parser reads it
 * the same way, which is what rules out mutation XSS (R39).
 */

/** Attributes every kept element may carry. */
export const GLOBAL_ATTRIBUTES: ReadonlySet<string> = new Set(['title', 'lang', 'dir']);

/** Kept elements and the attributes each may carry beyond the global ones. */
export const ALLOWED_TAGS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    a: ['href', 'hreflang'],
    abbr: [],
    acronym: [],
    address: [],
    article: [],
    aside: [],
    audio: ['src', 'controls', 'loop', 'muted', 'preload'],
    b: [],
    bdi: [],
    bdo: [],
    big: [],
    blockquote: ['cite'],
    br: [],
    caption: [],
    center: [],
    cite: [],
    code: [],
    col: ['span'],
    colgroup: ['span'],
    data: ['value'],
    dd: [],
    del: ['cite', 'datetime'],
    details: ['open'],
    dfn: [],
    div: [],
    dl: [],
    dt: [],
    em: [],
    figcaption: [],
    figure: [],
    font: [],
    footer: [],
    h1: [],
    h2: [],
    h3: [],
    h4: [],
    h5: [],
    h6: [],
    header: [],
    hgroup: [],
    hr: [],
    i: [],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
    ins: ['cite', 'datetime'],
    kbd: [],
    li: ['value'],
    main: [],
    mark: [],
    nav: [],
    ol: ['start', 'reversed', 'type'],
    p: [],
    picture: [],
    pre: [],
    q: ['cite'],
    rp: [],
    rt: [],
    ruby: [],
    s: [],
    samp: [],
    section: [],
    small: [],
    source: ['src', 'srcset', 'sizes', 'type', 'media'],
    span: [],
    strike: [],
    strong: [],
    sub: [],
    summary: [],
    sup: [],
    table: [],
    tbody: [],
    td: ['colspan', 'rowspan', 'headers'],
    tfoot: [],
    th: ['colspan', 'rowspan', 'headers', 'scope', 'abbr'],
    thead: [],
    time: ['datetime'],
    tr: [],
    track: ['src', 'kind', 'label', 'srclang', 'default'],
    tt: [],
    u: [],
    ul: [],
    var: [],
    video: ['src', 'poster', 'controls', 'loop', 'muted', 'playsinline', 'preload', 'width', 'height'],
    wbr: [],
  }).map(([tag, attributes]) => [tag, new Set(attributes)]),
);

/** Attributes holding one URL. */
export const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'cite', 'poster']);

/** Elements without content; serialised as `<br />` so the output is also well-formed XML. */
export const VOID_TAGS: ReadonlySet<string> = new Set(['br', 'col', 'hr', 'img', 'source', 'track', 'wbr']);

/**
 * Elements dropped together with everything inside them: scripts and styles, raw-text and RCDATA
 * elements whose "text" is markup to a browser (textarea/xmp breakouts, R39), embedded
 * documents and plugins (R34), form controls and document-level elements.
 */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'textarea', 'xmp', 'noembed', 'noframes', 'plaintext', 'head', 'select',
  'option', 'optgroup', 'datalist', 'canvas', 'map', 'area', 'param', 'base', 'meta', 'link', 'input',
  'button', 'keygen', 'dialog', 'portal', 'fencedframe', 'slot',
]);

/**
 * Foreign content (R38, R39): no element inside inline SVG or MathML is ever emitted, so namespace
 * confusion (`<svg><style>`, `<math><mglyph>`) has nothing to act on. Only their text is kept
 * (a chart's labels, a formula's symbols), escaped, with each element boundary read as a space;
 * script and style inside still go with their content. `<title>` is exempt there: inside SVG it
 * is an ordinary element holding a caption, not the document's RCDATA title. An HTML `<title>` in
 * content is treated the same way: its text stays, escaped (its RCDATA can never break out, since
 * no element is written), which is what the reference parser keeps too.
 */
export const TEXT_ONLY_SUBTREES: ReadonlySet<string> = new Set(['svg', 'math', 'title']);

/**
 * The one word rule of HTML → text: these elements separate words, all others do not, so
 * `Hel<b>lo</b>` reads "Hello". Block-level elements, and `sup`/`sub`, whose text would otherwise
 * run into the number or word before it (`10<sup>6</sup>` is not "106", `ft<sup>2</sup>` reads "ft 2"
 * as in Python's feedparser, which the parse contract follows).
 */
export const WORD_BREAKING_TAGS: ReadonlySet<string> = new Set([
  'sup', 'sub',
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'div', 'dl',
  'dt', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'ul', 'video', 'audio', 'picture', 'body', 'html',
]);

/**
 * Elements that end a paragraph for the spam classifier's paragraph scores (issue 13): the
 * word-breaking ones that hold running text, not inline breaks like sup, img or td.
 */
export const PARAGRAPH_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul',
]);

/**
 * htmlparser2's "an open tag implies closing these" rules (Parser.js `openImpliesClose`), limited to
 * the tags we emit. The serialiser closes them itself before opening the tag, so re-parsing the
 * output produces no implied close: sanitising twice changes nothing.
 */
const P = ['p'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'];
export const OPEN_CLOSES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    tr: ['tr', 'th', 'td'],
    th: ['th'],
    td: ['thead', 'th', 'td'],
    a: ['a'],
    li: ['li'],
    p: P,
    h1: HEADINGS,
    h2: HEADINGS,
    h3: HEADINGS,
    h4: HEADINGS,
    h5: HEADINGS,
    h6: HEADINGS,
    dd: ['dd', 'dt'],
    dt: ['dd', 'dt'],
    rt: ['rt', 'rp'],
    rp: ['rt', 'rp'],
    tbody: ['thead', 'tbody'],
    tfoot: ['thead', 'tbody'],
    ...Object.fromEntries(
      ['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'figcaption', 'figure', 'footer',
        'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((tag) => [tag, P]),
    ),
  }).map(([tag, closes]) => [tag, new Set(closes)]),
);
