/**
 * htmlparser2's HTML-mode parser with its open-element stack capped.
 *
 * htmlparser2 keeps open elements in an array it `unshift`s and searches with `indexOf`, so
 * 100,000 nested `<div>`s cost O(n²): measured 8.6 s for 100k nested, 15 s with stray end tags
 * (R27). Past the cap every new element is reported as void (opened and closed at once), which
 * flattens the excess nesting and keeps its text. `isVoidElement` is the documented override point;
 * the stack length is read from a private field, pinned by the htmlparser2@12 dependency and by the
 * R27 test.
 */
import { Parser, type Handler } from 'htmlparser2';
import { DEFAULTS } from '../config/defaults.js';

/**
 * Input nesting beyond this is flattened by the parser itself. Twice the sanitiser's output cap,
 * because dropped and unwrapped elements count here too.
 */
export const MAX_INPUT_DEPTH = 2 * DEFAULTS.sanitiserDepth;

export class CappedParser extends Parser {
  private flattenCurrent = false;

  constructor(
    handler: Partial<Handler>,
    private readonly maxOpenElements: number,
  ) {
    super(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: false });
  }

  private openElements(): number {
    // Should a release rename the field, the cap lapses (0) rather than breaking parsing; R27's test notices.
    return (this as unknown as { stack?: unknown[] }).stack?.length ?? 0;
  }

  override onopentagname(start: number, endIndex: number): void {
    this.flattenCurrent = this.openElements() >= this.maxOpenElements;
    super.onopentagname(start, endIndex);
  }

  override onopentagend(endIndex: number): void {
    super.onopentagend(endIndex);
    this.flattenCurrent = false;
  }

  override onselfclosingtag(endIndex: number): void {
    super.onselfclosingtag(endIndex);
    this.flattenCurrent = false;
  }

  protected override isVoidElement(name: string): boolean {
    return this.flattenCurrent || super.isVoidElement(name);
  }
}
