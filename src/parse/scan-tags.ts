/**
 * Markup → a flat stream of start tags, end tags and text, on htmlparser2's Tokenizer alone.
 *
 * htmlparser2's `Parser` (and cheerio, whose parse5 tree builder is no better) keeps open elements
 * in an array it `unshift`s and searches, so n nested elements cost O(n²): 300,000 nested `<div>`s
 * kept `feedloom add` busy for 507 s (bench/deep-markup.mjs). The tokenizer is linear and keeps no
 * stack; a caller that needs one keeps its own, pushing and popping, with a depth cap. Entities are
 * decoded by the tokenizer (HTML rules, or XML's five names and numeric references in `xml` mode),
 * as `Parser` does; raw-text elements (`<script>`, `<style>`, `<title>`, `<textarea>`) are read as
 * a browser reads them in HTML mode. No end tag is implied: callers see exactly what was written.
 */
import { Tokenizer } from 'htmlparser2';

/** Counts units of work (tokenizer callbacks, stack steps) so tests can bound CPU without a clock. */
export interface WorkMeter {
  steps: number;
}

export interface TagHandler {
  /** Attributes in a null-prototype record; the first of a repeated name wins (as `Parser`). `selfClosing`: written with `/>`. */
  onopentag?(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  onclosetag?(name: string): void;
  ontext?(text: string): void;
}

export interface ScanOptions {
  /** XML rules: names keep their case, XML entities only, `/>` closes any element. */
  xml: boolean;
  meter?: WorkMeter;
}

export function scanTags(text: string, options: ScanOptions, handler: TagHandler): void {
  const meter = options.meter ?? { steps: 0 };
  const fold = options.xml ? (name: string) => name : (name: string) => name.toLowerCase();
  let tagName = '';
  let attributes: Record<string, string> = Object.create(null);
  let attributeName = '';
  let attributeValue = '';
  const tokenizer = new Tokenizer(
    { xmlMode: options.xml, decodeEntities: true },
    {
      onopentagname(start, end) {
        meter.steps++;
        tagName = fold(text.slice(start, end));
        attributes = Object.create(null);
      },
      onattribname(start, end) {
        meter.steps++;
        attributeName = fold(text.slice(start, end));
        attributeValue = '';
      },
      onattribdata(start, end) {
        meter.steps++;
        attributeValue += text.slice(start, end);
      },
      onattribentity(codepoint) {
        meter.steps++;
        attributeValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        meter.steps++;
        if (!(attributeName in attributes)) attributes[attributeName] = attributeValue;
      },
      onopentagend() {
        meter.steps++;
        handler.onopentag?.(tagName, attributes, false);
      },
      onselfclosingtag() {
        meter.steps++;
        handler.onopentag?.(tagName, attributes, true);
      },
      onclosetag(start, end) {
        meter.steps++;
        handler.onclosetag?.(fold(text.slice(start, end)));
      },
      ontext(start, end) {
        meter.steps++;
        handler.ontext?.(text.slice(start, end));
      },
      ontextentity(codepoint) {
        meter.steps++;
        handler.ontext?.(String.fromCodePoint(codepoint));
      },
      oncdata(start, end, offset) {
        meter.steps++;
        // HTML outside foreign content reads `<![CDATA[…]]>` as a bogus comment (HTML §13.2.5.42).
        if (options.xml) handler.ontext?.(text.slice(start, end - offset));
      },
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
}
